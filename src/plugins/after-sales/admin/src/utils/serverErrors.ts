import { useIntl } from 'react-intl';
import { getTranslation } from './getTranslation';
import { useJoins } from './joins';

type FieldError = { path?: (string | number)[] | string; message?: string; code?: string; values?: Record<string, string> };
type ErrorBody = { message?: string; details?: { code?: string; errors?: FieldError[]; current?: { version?: number; state?: string } } & Record<string, unknown> };

/** A field error's path as a list (the workflow engine gives `data.field` as one text). */
const pathOf = (path: FieldError['path']): (string | number)[] => (typeof path === 'string' ? path.split('.') : (path ?? []));

/** The Strapi-shaped error of a failed admin request (`error.response.data.error`). */
const errorOf = (error: any) => error?.response?.data?.error as ErrorBody | undefined;

/** The `details.code` of a server refusal (workflow, messages, privacy, form guard), if any. */
export const errorCodeOf = (error: any): string | undefined => errorOf(error)?.details?.code;

export const isForbidden = (error: any) => error?.response?.status === 403 || error?.status === 403;

/** Codes that only say "see the fields": the field errors say more. */
const GENERIC = new Set(['invalid-input']);
/** The refusal of an extension's guard: its field errors say why. */
const EXTENSION_RULE = 'refused-by-extension';

/**
 * The one translator of server refusals: each refusal and each field error carries a code (server:
 * domain/errors/codes.ts) shown here as `error.<code>` in the user's language; a message without
 * a known code is shown as the server wrote it (for a Chinese admin the server already writes it
 * in Chinese, see the error-codes middleware). Never a route name or a stack.
 */
export const useServerErrors = () => {
  const { formatMessage, messages } = useIntl();
  const { labelled } = useJoins();
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
  /**
   * Field errors by their whole path (`title.zh-Hans`, `rules[0].minUnits`), translated: for forms
   * where the last part of the path repeats (a list of rules, a title per language).
   */
  const byPath = (error: any): Record<string, string> => {
    const list = errorOf(error)?.details?.errors ?? [];
    return Object.fromEntries(
      list.map((e) => [
        pathOf(e.path)
          .filter((p) => p !== 'data')
          .join('.') || 'form',
        translate(e.code, e.values, e.message ?? ''),
      ])
    );
  };
  /**
   * What a staff member reads: the refusal's own text (`error.<code>`, with the version and state
   * it names), else one line per field error (`满意度：必须是 1 到 5 之间的整数`), else "no
   * access" for a 403, else the server's message, else `fallback`.
   */
  const describe = (error: any, fallback: string, separator = '; '): string => {
    const body = errorOf(error);
    const details = body?.details;
    const code = details?.code;
    const list = details?.errors ?? [];
    const lines = () => list.map((e) => labelled(fieldName(e.path), translate(e.code, e.values, e.message ?? ''))).join(separator);
    // An extension's rule: which rule, then what it says about the field.
    if (code === EXTENSION_RULE && list.length) return labelled(translate(code, undefined, body?.message ?? fallback), lines());
    if (code && !GENERIC.has(code) && has(getTranslation(`error.${code}`))) {
      const values = Object.fromEntries(Object.entries({ ...details, ...details?.current }).filter(([, v]) => typeof v === 'string' || typeof v === 'number'));
      return translate(code, { version: '', state: '', ...values }, body?.message ?? fallback);
    }
    if (list.length) return lines();
    if (code) return translate(code, undefined, body?.message ?? fallback);
    if (isForbidden(error)) return translate('no-access', undefined, body?.message ?? fallback);
    return body?.message ?? fallback;
  };
  return { byField, byPath, describe, fieldName };
};
