import { Box, Link, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { getTranslation } from '../../utils/getTranslation';
import { RemainingTime } from './RemainingTime';
import { recordPath, type DashboardRow } from './types';

interface Props {
  rows: DashboardRow[];
  empty: string;
  testId?: string;
  showAssignee?: boolean;
}

/** Work items with their state and the working time left; every row opens its record. */
export const ItemTable = ({ rows, empty, testId, showAssignee = true }: Props) => {
  const { formatMessage } = useIntl();
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
    <Table colCount={showAssignee ? 5 : 4} rowCount={rows.length + 1} data-testid={testId}>
      <Thead>
        <Tr>
          <Th>
            <Typography variant="sigma">{t('dashboard.column.reference', 'Reference')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('dashboard.column.state', 'State')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('dashboard.column.summary', 'What the customer said')}</Typography>
          </Th>
          {showAssignee && (
            <Th>
              <Typography variant="sigma">{t('dashboard.column.assignee', 'Assignee')}</Typography>
            </Th>
          )}
          <Th>
            <Typography variant="sigma">{t('dashboard.column.remaining', 'Working time left')}</Typography>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={`${row.contentType}:${row.documentId}`} onClick={() => navigate(recordPath(row))} style={{ cursor: 'pointer' }}>
            <Td>
              <Link tag={RouterLink} to={recordPath(row)} onClick={(event: React.MouseEvent) => event.stopPropagation()}>
                {row.reference}
              </Link>
            </Td>
            <Td>
              <Typography>{row.stateTitle}</Typography>
            </Td>
            <Td>
              <Typography ellipsis textColor="neutral700">
                {row.summary ?? ''}
              </Typography>
            </Td>
            {showAssignee && (
              <Td>
                <Typography textColor="neutral700">{row.assignee ?? t('dashboard.unassigned', 'Not assigned')}</Typography>
              </Td>
            )}
            <Td>
              <RemainingTime row={row} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
