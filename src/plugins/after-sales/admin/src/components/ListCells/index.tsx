import { useIntl } from 'react-intl';
import { Typography } from '@strapi/design-system';
import { useStateTitle } from '../../utils/workflowStates';

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

type Header = { name: string; attribute?: { type?: string }; cellFormatter?: unknown };

/**
 * Content Manager list view: enumeration columns and the workflow state show their labels
 * (热线电话, 处理中) instead of the stored codes (`hotline`, `in-progress`).
 */
export const translateListCells = ({ displayedHeaders, layout }: { displayedHeaders: Header[]; layout: unknown }) => ({
  layout,
  displayedHeaders: displayedHeaders.map((header) => {
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
