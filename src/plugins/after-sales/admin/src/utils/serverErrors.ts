import { useIntl } from 'react-intl';
import { getTranslation } from './getTranslation';

type FieldError = { path?: (string | number)[] | string; message?: string; code?: string; values?: Record<string, string> };

/** A field error's path as a list (the workflow engine gives `data.field` as one text). */
const pathOf = (path: FieldError['path']): (string | number)[] => (typeof path === 'string' ? path.split('.') : path ?? []);

/** The Strapi-shaped error of a failed admin request (`error.response.data.error`). */
const errorOf = (error: any) => error?.response?.data?.error as { message?: string; details?: { code?: string; errors?: FieldError[] } } | undefined;

/**
 * Server refusals in the user's language: each field error and each refusal carries a code
 * (server: domain/errors/codes.ts) translated here as `error.<code>`; a message without a known
 * code is shown as the server wrote it.
 */
export const useServerErrors = () => {
  const { formatMessage, messages } = useIntl();
  const has = (id: string) => Object.prototype.hasOwnProperty.call(messages, id);
  const translate = (code: string | undefined, values: Record<string, unknown> | undefined, fallback: string) => {
    const id = code ? getTranslation(`error.${code}`) : '';
    return code && has(id) ? formatMessage({ id, defaultMessage: fallback }, values as Record<string, string>) : fallback;
  };
  const fieldName = (raw: FieldError['path']) => {
    const path = pathOf(raw);
    const last = String([...path].reverse().find((p) => typeof p === 'string' && p !== 'data') ?? path[path.length - 1] ?? '');
    const id = getTranslation(`field.${last}`);
    return has(id) ? formatMessage({ id, defaultMessage: last }) : last;
  };
  /** Field errors by field name (the last part of the path), translated. */
  const byField = (error: any): Record<string, string> => {
    const list = errorOf(error)?.details?.errors ?? [];
    return Object.fromEntries(list.map((e) => [String(pathOf(e.path).slice(-1)[0] ?? 'form'), translate(e.code, e.values, e.message ?? '')]));
  };
  /** One line per field error (`满意度: 必须是 1 到 5 之间的整数`), else the refusal, else `fallback`. */
  const describe = (error: any, fallback: string, separator = '; '): string => {
    const body = errorOf(error);
    const list = body?.details?.errors ?? [];
    if (list.length) return list.map((e) => `${fieldName(e.path)}: ${translate(e.code, e.values, e.message ?? '')}`).join(separator);
    if (body?.details?.code) return translate(body.details.code, undefined, body.message ?? fallback);
    return body?.message ?? fallback;
  };
  return { byField, describe, fieldName };
};
