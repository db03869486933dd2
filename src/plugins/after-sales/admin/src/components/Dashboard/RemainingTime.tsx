import { Badge, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';
import { workingDuration } from '../../utils/remainingTime';
import type { DashboardRow } from './types';

const COLOURS = {
  breached: ['danger100', 'danger700'],
  'at-risk': ['warning100', 'warning700'],
  'on-track': ['success100', 'success700'],
} as const;

/** "3 h 20 min left" or "overdue by 1 d 2 h", in working time, coloured by urgency. */
export const RemainingTime = ({ row }: { row: Pick<DashboardRow, 'remainingWorkingMs' | 'urgency' | 'clock'> }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  if (row.remainingWorkingMs === null || row.urgency === null) {
    return <Typography textColor="neutral500">{t('dashboard.noClock', 'No running clock')}</Typography>;
  }
  const units = { day: t('time.day', 'd'), hour: t('time.hour', 'h'), minute: t('time.minute', 'min') };
  const duration = workingDuration(row.remainingWorkingMs, units);
  const [background, text] = COLOURS[row.urgency];
  const clock = row.clock ? t(`clock.${row.clock}`, row.clock) : '';
  return (
    <Badge backgroundColor={background} textColor={text} title={clock}>
      {row.urgency === 'breached' ? t('dashboard.overdueBy', 'overdue by {duration}', { duration }) : t('dashboard.left', '{duration} left', { duration })}
    </Badge>
  );
};
