import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from './getTranslation';

/**
 * The separators a screen composes around its own texts, in the user's language: `Label: value`
 * and `text (note)` in English, `标签：值` and `文字（说明）` in Chinese (`common.labelled`,
 * `common.parenthesised`). Machine formats (URLs, CSV, codes) never go through these.
 */
export const useJoins = () => {
  const { formatMessage } = useIntl();
  const labelled = (label: string, value: string | number) => formatMessage({ id: getTranslation('common.labelled'), defaultMessage: '{label}: {value}' }, { label, value });
  const parenthesised = (text: string | number, note: string | number) => formatMessage({ id: getTranslation('common.parenthesised'), defaultMessage: '{text} ({note})' }, { text, note });
  /** `labelled` with a value that is an element (a `<code>`, a link). */
  const labelledNode = (label: string, value: ReactNode) => formatMessage({ id: getTranslation('common.labelled'), defaultMessage: '{label}: {value}' }, { label, value });
  return { labelled, parenthesised, labelledNode };
};
