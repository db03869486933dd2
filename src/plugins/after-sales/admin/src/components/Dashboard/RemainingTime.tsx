import { Badge, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';
import { useDeadlineText } from '../../utils/remainingTime';
import type { DashboardRow } from './types';

const COLOURS = {
  breached: ['danger100', 'danger700'],
  'at-risk': ['warning100', 'warning700'],
  'on-track': ['success100', 'success700'],
} as const;

/** "overdue by 174 days" (calendar time) or "3 h 20 min of working time left", coloured by urgency. */
export const RemainingTime = ({ row }: { row: Pick<DashboardRow, 'remainingWorkingMs' | 'urgency' | 'clock' | 'dueAt' | 'measure' | 'workingDayMs'> }) => {
  const { formatMessage } = useIntl();
  const deadline = useDeadlineText();
  if (row.remainingWorkingMs === null || row.urgency === null) {
    return <Typography textColor="neutral500">{formatMessage({ id: getTranslation('dashboard.noClock'), defaultMessage: 'No running clock' })}</Typography>;
  }
  const { text } = deadline({ remainingMs: row.remainingWorkingMs, dueAt: row.dueAt, measure: row.measure, workingDayMs: row.workingDayMs });
  const [background, text2] = COLOURS[row.urgency];
  const clock = row.clock ? formatMessage({ id: getTranslation(`clock.${row.clock}`), defaultMessage: row.clock }) : '';
  return (
    <Badge backgroundColor={background} textColor={text2} title={clock} data-testid="remaining-time">
      {text}
    </Badge>
  );
};
