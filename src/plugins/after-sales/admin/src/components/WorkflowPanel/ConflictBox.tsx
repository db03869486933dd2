import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';
import type { FieldConflict } from './useFormSync';
import { useJoins } from '../../utils/joins';

interface Props {
  formVersion: number;
  savedVersion: number;
  /** Fields both the person and someone else changed (the person's text is in the form). */
  conflicts: FieldConflict[];
  /** Reads the saved version into the form, keeping the person's text. */
  onLoad: () => void;
  onKeepMine: () => void;
  onUseSaved: () => void;
}

const show = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/**
 * Someone else saved the item while this person was editing it: the two versions of every field
 * both changed, side by side, and the choice; the person's text stays in the form until they choose.
 * When the form is merely behind (nothing read yet), one button reads the saved version and keeps their text.
 */
export const ConflictBox = ({ formVersion, savedVersion, conflicts, onLoad, onKeepMine, onUseSaved }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const joins = useJoins();
  return (
    <Box background="warning100" borderColor="warning200" padding={3} hasRadius data-testid="edit-conflict">
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Typography fontWeight="bold" textColor="warning700">
          {t('conflict.title', 'Someone else changed this item after you opened it')}
        </Typography>
        {conflicts.length === 0 ? (
          <>
            <Typography variant="pi">
              {t('conflict.explanation', 'Your form shows version {mine}; the saved item is at version {saved}. Load the saved version: your text is kept.', {
                mine: formVersion,
                saved: savedVersion,
              })}
            </Typography>
            <Button variant="secondary" onClick={onLoad}>
              {t('conflict.load', 'Load the saved version and keep my text')}
            </Button>
          </>
        ) : (
          <>
            <Typography variant="pi">{t('conflict.fields', 'You and someone else both changed these fields. Your text is still in the form:')}</Typography>
            {conflicts.map(({ name, yours, saved }) => (
              <Box key={name} paddingTop={1} data-testid={`conflict-${name}`}>
                <Typography variant="sigma" textColor="neutral600">
                  {formatMessage({ id: getTranslation(`field.${name}`), defaultMessage: name })}
                </Typography>
                <Typography variant="pi" tag="p">
                  {joins.labelled(t('conflict.yours', 'Yours'), show(yours))}
                </Typography>
                <Typography variant="pi" tag="p" textColor="neutral600">
                  {joins.labelled(t('conflict.saved', 'Saved'), show(saved))}
                </Typography>
              </Box>
            ))}
            <Flex gap={2}>
              <Button variant="secondary" onClick={onKeepMine}>
                {t('conflict.keepMine', 'Keep my text')}
              </Button>
              <Button variant="tertiary" onClick={onUseSaved}>
                {t('conflict.useSaved', 'Use the saved text')}
              </Button>
            </Flex>
            <Typography variant="pi" textColor="neutral600">
              {t('conflict.then', 'Then check the form and save again.')}
            </Typography>
          </>
        )}
      </Flex>
    </Box>
  );
};
