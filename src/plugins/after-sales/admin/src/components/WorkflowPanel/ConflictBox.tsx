import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';

interface Props {
  model: string;
  documentId: string;
  formVersion: number;
  savedVersion: number;
  /** The person's unsaved text in the form (field → value). */
  unsaved: Record<string, unknown>;
  /** Loads the saved version into the form and puts the person's text back. */
  onKeepMine: () => void;
}

const show = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/**
 * Someone else saved the item after this form was opened: both versions of every field the person
 * changed, side by side, and one button that keeps their text on top of the saved version (so the
 * next save goes through). Nothing they typed is thrown away.
 */
export const ConflictBox = ({ model, documentId, formVersion, savedVersion, unsaved, onKeepMine }: Props) => {
  const { formatMessage } = useIntl();
  const { get } = useFetchClient();
  const [saved, setSaved] = React.useState<Record<string, unknown> | null>(null);
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);

  React.useEffect(() => {
    let current = true;
    get<{ data: Record<string, unknown> }>(`/content-manager/collection-types/${model}/${documentId}`)
      .then(({ data }) => current && setSaved(data.data))
      .catch(() => current && setSaved({}));
    return () => {
      current = false;
    };
  }, [get, model, documentId, savedVersion]);

  const fields = Object.entries(unsaved).filter(([, value]) => value === null || typeof value !== 'object');
  return (
    <Box background="warning100" borderColor="warning200" padding={3} hasRadius data-testid="edit-conflict">
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Typography fontWeight="bold" textColor="warning700">
          {t('conflict.title', 'Someone else changed this item after you opened it')}
        </Typography>
        <Typography variant="pi">
          {t('conflict.explanation', 'Your form shows version {mine}; the saved item is at version {saved}. Your text is kept: compare it with the saved version below.', { mine: formVersion, saved: savedVersion })}
        </Typography>
        {saved &&
          fields.map(([name, mine]) => (
            <Box key={name} paddingTop={1} data-testid={`conflict-${name}`}>
              <Typography variant="sigma" textColor="neutral600">
                {formatMessage({ id: getTranslation(`field.${name}`), defaultMessage: name })}
              </Typography>
              <Typography variant="pi" tag="p">
                {t('conflict.yours', 'Yours')}: {show(mine)}
              </Typography>
              <Typography variant="pi" tag="p" textColor="neutral600">
                {t('conflict.saved', 'Saved')}: {show(saved[name])}
              </Typography>
            </Box>
          ))}
        <Button variant="secondary" onClick={onKeepMine}>
          {t('conflict.keepMine', 'Keep my text and load the saved version')}
        </Button>
        <Typography variant="pi" textColor="neutral600">
          {t('conflict.then', 'Then check the form and save again.')}
        </Typography>
      </Flex>
    </Box>
  );
};
