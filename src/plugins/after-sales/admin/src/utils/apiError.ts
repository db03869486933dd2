import type { IntlShape } from 'react-intl';
import { getTranslation } from './getTranslation';

/** The `details.code` of a server refusal (workflow, messages, privacy, form guard), if any. */
export const errorCodeOf = (error: any): string | undefined => error?.response?.data?.error?.details?.code;

export const isForbidden = (error: any) => error?.response?.status === 403 || error?.status === 403;

/**
 * What a staff member reads when the server refuses: the translation of the refusal's code
 * (`error.<code>`, plain words in en and zh-Hans), else the server's message, else `fallback`.
 * Never a route name or a stack.
 */
export const describeApiError = (formatMessage: IntlShape['formatMessage'], error: any, fallback: string): string => {
  const code = errorCodeOf(error) ?? (isForbidden(error) ? 'no-access' : undefined);
  const server: string | undefined = error?.response?.data?.error?.message;
  const current = error?.response?.data?.error?.details?.current;
  if (code) {
    const id = getTranslation(`error.${code}`);
    const text = formatMessage({ id, defaultMessage: server ?? fallback }, { version: current?.version ?? '', state: current?.state ?? '' });
    if (text) return text;
  }
  return server ?? fallback;
};
