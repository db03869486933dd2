import * as React from 'react';
import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { Phone } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import { ReasonDialog } from '../PrivacyPanel/ReasonDialog';
import { useJoins } from '../../utils/joins';

interface ItemCustomer {
  customer: { documentId: string; name: string; phone: string | null; email: string | null; erased: boolean } | null;
  may: { reveal: boolean };
}

/**
 * The item's customer with the phone masked; roles that call customers reveal the number in one
 * click with a reason (kept in the privacy access audit) and call it from the link.
 */
export const CustomerContact = ({ model, documentId }: { model: string; documentId: string }) => {
  const { formatMessage } = useIntl();
  const { get, post } = useFetchClient();
  const { describe } = useServerErrors();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const joins = useJoins();
  const [info, setInfo] = React.useState<ItemCustomer | null>(null);
  const [revealed, setRevealed] = React.useState<{ phone: string | null; email: string | null } | null>(null);

  React.useEffect(() => {
    let current = true;
    get<{ data: ItemCustomer }>(`/after-sales/privacy/items/${model}/${documentId}/customer`)
      .then(({ data }) => current && setInfo(data.data))
      .catch(() => current && setInfo(null));
    return () => {
      current = false;
    };
  }, [get, model, documentId]);

  if (!info?.customer) return null;
  const { customer } = info;
  const phone = revealed?.phone ?? customer.phone;
  const email = revealed?.email ?? customer.email;

  const reveal = async (reason: string) => {
    try {
      const { data } = await post<{ data: { phone: string | null; email: string | null } }>(`/after-sales/privacy/customers/${customer.documentId}/reveal`, { reason });
      setRevealed({ phone: data.data.phone, email: data.data.email });
    } catch (error) {
      return describe(error, t('privacy.failed', 'This could not be done'));
    }
  };

  return (
    <Box background="neutral100" padding={3} hasRadius data-testid="customer-contact">
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Typography variant="sigma" textColor="neutral600">
          {t('contact.title', 'Customer')}
        </Typography>
        <Typography fontWeight="semiBold">{customer.name}</Typography>
        <Typography variant="pi" tag="p" data-testid="customer-phone">
          {t('privacy.phone', 'Phone')}:{' '}
          {revealed?.phone ? (
            <Link href={`tel:${revealed.phone.replace(/[^\d+]/g, '')}`} startIcon={<Phone />} data-testid="customer-call">
              {revealed.phone}
            </Link>
          ) : (
            (phone ?? '—')
          )}
        </Typography>
        <Typography variant="pi" tag="p">
          {joins.labelled(t('privacy.email', 'Email'), email ?? t('contact.noEmail', 'none (this customer cannot be reached by email)'))}
        </Typography>
        {!revealed && info.may.reveal && !customer.erased && (
          <ReasonDialog
            label={t('contact.reveal', 'Show the number to call')}
            title={t('contact.revealTitle', "Show the customer's phone number")}
            explanation={t('contact.revealExplanation', 'You will see the full phone number and email to call the customer back. Your reason is kept in the access audit.')}
            onConfirm={reveal}
          />
        )}
        {!revealed && !info.may.reveal && (
          <Typography variant="pi" textColor="neutral600">
            {t('contact.noReveal', 'Your role does not show contact data; ask a colleague who calls customers.')}
          </Typography>
        )}
      </Flex>
    </Box>
  );
};
