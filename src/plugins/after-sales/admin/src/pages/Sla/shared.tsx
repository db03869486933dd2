import * as React from 'react';
import { useIntl } from 'react-intl';
import { Box, Flex, Typography } from '@strapi/design-system';
import { getTranslation } from '../../utils/getTranslation';
import { useJoins } from '../../utils/joins';

/** `t(id, defaultMessage, values)` through the plugin's translations. */
export const useT = () => {
  const { formatMessage } = useIntl();
  return React.useCallback((id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values), [formatMessage]);
};

/** The server's 400 as `{ 'data.weeklyHours.mon.1.end': message }`. */
export const fieldErrors = (error: any): Record<string, string> => {
  const list: { path: (string | number)[]; message: string }[] = error?.response?.data?.error?.details?.errors ?? [];
  const byPath: Record<string, string> = {};
  for (const e of list) byPath[e.path.join('.') || 'body'] = e.message;
  if (!list.length) byPath.body = error?.response?.data?.error?.message ?? String(error?.message ?? error);
  return byPath;
};

/** Lists every error under the header, so that none is hidden when its field is not on screen. */
export const ErrorSummary = ({ errors }: { errors: Record<string, string> }) => {
  const t = useT();
  const joins = useJoins();
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <Box background="danger100" padding={4} hasRadius data-testid="sla-errors">
      <Typography variant="omega" fontWeight="bold" textColor="danger700">
        {t('sla.errors', 'Not saved: correct these fields')}
      </Typography>
      <Flex direction="column" alignItems="flex-start" gap={1} paddingTop={2} tag="ul">
        {entries.map(([path, message]) => (
          <Typography key={path} tag="li" variant="pi" textColor="danger700">
            {joins.labelled(path, message)}
          </Typography>
        ))}
      </Flex>
    </Box>
  );
};

/** Saves text as a file in the browser. */
export const saveFile = (text: string, filename: string, type: string) => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
};

/** Reads a file the user picked as text. */
export const readFile = (file: File) => file.text();

export { Section } from '../../components/Layout/Section';

/** Downloads what the server exports at `url` as a file. */
export const downloadExport = async (get: (url: string, options: { responseType: 'text' }) => Promise<{ data: string }>, url: string, filename: string, type: string) => {
  const { data } = await get(url, { responseType: 'text' });
  saveFile(data, filename, type);
};
