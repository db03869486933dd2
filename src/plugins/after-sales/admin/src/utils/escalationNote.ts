import { useIntl } from 'react-intl';
import { getTranslation } from './getTranslation';

/** What the server reads back from an escalation (or recomputation) note: its code and values. */
export interface NoteCode {
  code: string;
  values: Record<string, string | undefined>;
}

/** An escalation note in the user's language when the server could read it back; otherwise as written (the side panel's timeline and the case screen). */
export const useEscalationNote = () => {
  const { formatMessage, messages } = useIntl();
  const known = (id: string) => Object.prototype.hasOwnProperty.call(messages, getTranslation(id));
  const say = (id: string, fallback: string) => (known(id) ? formatMessage({ id: getTranslation(id), defaultMessage: fallback }) : fallback);
  return (event: { note?: string | null; noteCode?: NoteCode | null | unknown }) => {
    const coded = event.noteCode as NoteCode | null | undefined;
    if (!coded || !known(`sla.note.${coded.code}`)) return event.note ?? null;
    const v = coded.values;
    const moment = (iso: string | undefined) => (iso && !Number.isNaN(Date.parse(iso)) ? new Date(iso).toLocaleString() : iso);
    if (coded.code === 'due-recomputed')
      return formatMessage(
        { id: getTranslation('sla.note.due-recomputed'), defaultMessage: event.note ?? '' },
        { ...v, clock: say(`clock.${v.clock}`, v.clock ?? ''), from: moment(v.from), to: moment(v.to) }
      );
    const values = {
      ...v,
      clock: say(`clock.${v.clock}`, v.clock ?? ''),
      level: say(`sla.level.${v.level}`, v.level ?? ''),
      field: say(`field.${v.field}`, v.field ?? ''),
      from: v.from && known(`value.${v.from}`) ? say(`value.${v.from}`, v.from) : v.from,
      to: v.to && known(`value.${v.to}`) ? say(`value.${v.to}`, v.to) : v.to,
      value: v.value && known(`value.${v.value}`) ? say(`value.${v.value}`, v.value) : v.value,
    };
    return formatMessage({ id: getTranslation(`sla.note.${coded.code}`), defaultMessage: event.note ?? '' }, values);
  };
};
