import * as React from 'react';
import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';

interface RunningClock {
  clock: string;
  dueAt: string;
  paused: boolean;
  breached: boolean;
  /** Time left in the clock's measure: working time, or elapsed time for `hours` / `days` targets. */
  remainingWorkingMs: number;
  measure?: 'business' | 'elapsed';
  workingDayMs: number;
  calendar: string;
}

/** Working time in working days (as long as the calendar's standard day), hours and minutes. */
export const useWorkingTime = () => {
  const { formatMessage } = useIntl();
  return (ms: number, dayMs: number) => {
    const days = dayMs > 0 ? Math.floor(Math.abs(ms) / dayMs) : 0;
    const minutes = Math.round((Math.abs(ms) - days * dayMs) / 60_000);
    const hoursAndMinutes = formatMessage({ id: getTranslation('sla.duration'), defaultMessage: '{hours} h {minutes} min' }, { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
    return days ? formatMessage({ id: getTranslation('sla.durationDays'), defaultMessage: '{days} working days {rest}' }, { days, rest: hoursAndMinutes }) : hoursAndMinutes;
  };
};

/** The item's running SLA clocks with the time left (working or elapsed, as the clock measures it), refreshed whenever the item's version changes. */
export const SlaClocks = ({ model, documentId, version }: { model: string; documentId: string; version: number }) => {
  const { formatMessage, formatDate } = useIntl();
  const { get } = useFetchClient();
  const workingTime = useWorkingTime();
  const [clocks, setClocks] = React.useState<RunningClock[] | null>(null);

  React.useEffect(() => {
    let current = true;
    get<{ data: RunningClock[] }>(`/after-sales/sla/${model}/${documentId}`)
      .then(({ data }) => current && setClocks(data.data))
      .catch(() => current && setClocks(null));
    return () => {
      current = false;
    };
  }, [get, model, documentId, version]);

  if (!clocks || clocks.length === 0) return null;
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="sla-clocks">
      <Typography variant="sigma" textColor="neutral600">
        {formatMessage({ id: getTranslation('sla.panel.title'), defaultMessage: 'SLA clocks' })}
      </Typography>
      {clocks.map((clock) => (
        <Box key={clock.clock}>
          <Flex gap={2} justifyContent="space-between">
            <Typography variant="omega" fontWeight="semiBold">
              {formatMessage({ id: getTranslation(`sla.clock.${clock.clock}`), defaultMessage: clock.clock })}
            </Typography>
            {clock.paused ? (
              <Badge backgroundColor="warning100" textColor="warning700">{formatMessage({ id: getTranslation('sla.panel.paused'), defaultMessage: 'paused' })}</Badge>
            ) : clock.breached ? (
              <Badge backgroundColor="danger100" textColor="danger700">{formatMessage({ id: getTranslation('sla.panel.breached'), defaultMessage: 'overdue' })}</Badge>
            ) : null}
          </Flex>
          <Typography variant="pi" textColor={clock.breached ? 'danger600' : 'neutral600'} tag="p">
            {clock.measure === 'elapsed'
              ? clock.remainingWorkingMs >= 0
                ? formatMessage({ id: getTranslation('sla.panel.leftElapsed'), defaultMessage: '{time} left' }, { time: workingTime(clock.remainingWorkingMs, 0) })
                : formatMessage({ id: getTranslation('sla.panel.overElapsed'), defaultMessage: 'over by {time}' }, { time: workingTime(clock.remainingWorkingMs, 0) })
              : clock.remainingWorkingMs >= 0
                ? formatMessage({ id: getTranslation('sla.panel.left'), defaultMessage: '{time} working time left' }, { time: workingTime(clock.remainingWorkingMs, clock.workingDayMs) })
                : formatMessage({ id: getTranslation('sla.panel.over'), defaultMessage: 'over by {time} working time' }, { time: workingTime(clock.remainingWorkingMs, clock.workingDayMs) })}
            {' · '}
            {formatMessage({ id: getTranslation('sla.panel.due'), defaultMessage: 'due {date}' }, { date: formatDate(clock.dueAt, { dateStyle: 'medium', timeStyle: 'short' }) })}
          </Typography>
        </Box>
      ))}
    </Flex>
  );
};
