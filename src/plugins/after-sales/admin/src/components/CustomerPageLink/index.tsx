import { useIntl } from 'react-intl';
import { LinkButton } from '@strapi/design-system';
import { Link as RouterLink } from 'react-router-dom';
import { getTranslation } from '../../utils/getTranslation';
import { PLUGIN_ID } from '../../pluginId';

const CUSTOMER = 'api::customer.customer';

/** Side panel of a customer's edit view: the way to the customer page (cases, products, messages, satisfaction). */
export const CustomerPageLink = ({ model, documentId }: { model: string; documentId?: string }) => {
  const { formatMessage } = useIntl();
  if (!documentId || model !== CUSTOMER) return null;
  return {
    title: formatMessage({ id: getTranslation('customers.title'), defaultMessage: 'Customers' }),
    content: (
      <LinkButton tag={RouterLink} to={`/plugins/${PLUGIN_ID}/customers/${documentId}`} variant="secondary" fullWidth data-testid="customer-page-link">
        {formatMessage({ id: getTranslation('customers.page.openFromEdit'), defaultMessage: 'Open the customer page' })}
      </LinkButton>
    ),
  };
};
