import { Box, Link, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { getTranslation } from '../../utils/getTranslation';
import { DataTable } from '../Layout/DataTable';
import { RemainingTime } from './RemainingTime';
import { recordPath, type DashboardRow } from './types';
import { casePath } from '../../utils/caseLink';

interface Props {
  rows: DashboardRow[];
  empty: string;
  testId?: string;
  showAssignee?: boolean;
}

/** Work items with their state and the working time left; every row opens its record. */
export const ItemTable = ({ rows, empty, testId, showAssignee = true }: Props) => {
  const { formatMessage, formatDate } = useIntl();
  const navigate = useNavigate();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  if (!rows.length) {
    return (
      <Box padding={4} data-testid={testId}>
        <Typography textColor="neutral600">{empty}</Typography>
      </Box>
    );
  }
  return (
    <DataTable
      rows={rows}
      rowKey={(row) => `${row.contentType}:${row.documentId}`}
      testId={testId}
      onRowClick={(row) => navigate(recordPath(row))}
      columns={[
        {
          header: t('dashboard.column.reference', 'Reference'),
          cell: (row) => (
            <Link tag={RouterLink} to={recordPath(row)} onClick={(event: React.MouseEvent) => event.stopPropagation()}>
              {row.reference}
            </Link>
          ),
        },
        { header: t('dashboard.column.state', 'State'), cell: (row) => row.stateTitle },
        {
          header: t('dashboard.column.summary', 'What the customer said'),
          cell: (row) => (
            <Typography ellipsis textColor="neutral700">
              {row.summary ?? ''}
            </Typography>
          ),
        },
        ...(showAssignee
          ? [
              {
                header: t('dashboard.column.assignee', 'Assignee'),
                cell: (row: DashboardRow) => <Typography textColor="neutral700">{row.assignee ?? t('dashboard.unassigned', 'Not assigned')}</Typography>,
              },
            ]
          : []),
        { header: t('dashboard.column.remaining', 'Deadline'), cell: (row) => <RemainingTime row={row} /> },
        {
          header: t('dashboard.column.due', 'Next due'),
          cell: (row) => (
            <Typography textColor="neutral700" title={row.clock ? t(`clock.${row.clock}`, row.clock) : undefined}>
              {row.dueAt ? formatDate(row.dueAt, { dateStyle: 'medium', timeStyle: 'short' }) : '–'}
            </Typography>
          ),
        },
        {
          header: t('list.caseScreen', 'Conversation'),
          cell: (row) => (
            <Link tag={RouterLink} to={casePath(row.contentType, row.documentId)} onClick={(event: React.MouseEvent) => event.stopPropagation()} data-testid="case-link">
              {t('case.open', 'Open conversation')}
            </Link>
          ),
        },
        {
          header: t('dashboard.column.escalation', 'Escalation'),
          cell: (row) => (
            <Typography textColor={row.escalationLevel ? 'danger600' : 'neutral500'}>{row.escalationLevel ? t(`escalation.${row.escalationLevel}`, row.escalationLevel) : '–'}</Typography>
          ),
        },
      ]}
    />
  );
};
