import { useIntl } from 'react-intl';
import { Typography } from '@strapi/design-system';
import { useStateTitle } from '../../utils/workflowStates';
import { getTranslation } from '../../utils/getTranslation';
import { modelOnScreen } from './model';
import { CaseLinkCell } from './CaseLinkCell';

/** The lists whose rows carry the SLA escalation level (the server adds `escalationLevel` to each row). */
const ESCALATED = ['api::feedback.feedback', 'api::complaint.complaint'];

/** A list cell showing an enumeration option by its translated label (the id the edit form uses). */
const OptionCell = ({ value }: { value: unknown }) => {
  const { formatMessage } = useIntl();
  if (value == null || value === '') return <Typography textColor="neutral800">-</Typography>;
  return <Typography textColor="neutral800">{formatMessage({ id: String(value), defaultMessage: String(value) })}</Typography>;
};

/** A list cell showing a workflow state by its title in the interface language. */
const StateCell = ({ model, value }: { model: string; value: unknown }) => {
  const title = useStateTitle(model);
  return <Typography textColor="neutral800">{value ? title(value) : '-'}</Typography>;
};

/** A list cell naming the last escalation level of an item (即将超时, 已超时, 严重超时), or a dash. */
const EscalationCell = ({ level }: { level: unknown }) => {
  const { formatMessage } = useIntl();
  if (typeof level !== 'string' || !level) return <Typography textColor="neutral500">-</Typography>;
  return (
    <Typography textColor={level === 'at-risk' ? 'warning700' : 'danger600'} fontWeight="semiBold" data-testid="escalation-level">
      {formatMessage({ id: getTranslation(`escalation.${level}`), defaultMessage: level })}
    </Typography>
  );
};

type Header = { name: string; label?: unknown; attribute?: { type?: string }; cellFormatter?: unknown; searchable?: boolean; sortable?: boolean };

/** The escalation level column, after the deadline column when the list shows it. */
const withEscalationColumn = (headers: Header[]): Header[] => {
  const model = modelOnScreen();
  if (!model || !ESCALATED.includes(model) || headers.some((h) => h.name === 'escalationLevel')) return headers;
  const column: Header = {
    name: 'escalationLevel',
    attribute: { type: 'custom' },
    label: { id: getTranslation('list.escalationLevel'), defaultMessage: 'Escalation' },
    searchable: false,
    sortable: false,
    cellFormatter: (row: Record<string, unknown>) => <EscalationCell level={row.escalationLevel} />,
  };
  const at = headers.findIndex((h) => h.name === 'resolveBy');
  return at < 0 ? [...headers, column] : [...headers.slice(0, at + 1), column, ...headers.slice(at + 1)];
};

/** The lists of cases with a conversation: each row links to its case screen. */
const CASES = ['api::feedback.feedback', 'api::complaint.complaint', 'api::service-record.service-record'];

/** A last column that opens the row's case screen (the row itself still opens the record). */
const withCaseColumn = (headers: Header[]): Header[] => {
  const model = modelOnScreen();
  if (!model || !CASES.includes(model) || headers.some((h) => h.name === 'caseScreen')) return headers;
  return [
    ...headers,
    {
      name: 'caseScreen',
      attribute: { type: 'custom' },
      label: { id: getTranslation('list.caseScreen'), defaultMessage: 'Conversation' },
      searchable: false,
      sortable: false,
      cellFormatter: (row: Record<string, unknown>) => <CaseLinkCell model={model} documentId={String(row.documentId ?? '')} />,
    },
  ];
};

/**
 * Content Manager list view: enumeration columns and the workflow state show their labels
 * (热线电话, 处理中) instead of the stored codes (`hotline`, `in-progress`); feedback and complaints
 * get an escalation level column, and every case list a link to the case screen.
 */
export const translateListCells = ({ displayedHeaders, layout }: { displayedHeaders: Header[]; layout: unknown }) => ({
  layout,
  displayedHeaders: withCaseColumn(withEscalationColumn(displayedHeaders)).map((header) => {
    if (header.cellFormatter || !header.attribute) return header;
    if (header.attribute.type === 'enumeration') {
      return { ...header, cellFormatter: (row: Record<string, unknown>) => <OptionCell value={row[header.name]} /> };
    }
    if (header.name === 'state' && header.attribute.type === 'string') {
      return { ...header, cellFormatter: (row: Record<string, unknown>, _h: unknown, meta: { model: string }) => <StateCell model={meta.model} value={row.state} /> };
    }
    return header;
  }),
});
