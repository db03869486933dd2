import * as React from 'react';
import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useDeadlineText } from '../../utils/remainingTime';

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

/** The item's running SLA clocks with the time left (working or elapsed, as the clock measures it), refreshed whenever the item's version changes. */
export const SlaClocks = ({ model, documentId, version }: { model: string; documentId: string; version: number }) => {
  const { formatMessage, formatDate } = useIntl();
  const { get } = useFetchClient();
  const deadline = useDeadlineText();
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
              <Badge backgroundColor="warning100" textColor="warning700">
                {formatMessage({ id: getTranslation('sla.panel.paused'), defaultMessage: 'paused' })}
              </Badge>
            ) : clock.breached ? (
              <Badge backgroundColor="danger100" textColor="danger700">
                {formatMessage({ id: getTranslation('sla.panel.breached'), defaultMessage: 'overdue' })}
              </Badge>
            ) : null}
          </Flex>
          <Typography variant="pi" textColor={clock.breached ? 'danger600' : 'neutral600'} tag="p">
            {deadline({ remainingMs: clock.remainingWorkingMs, dueAt: clock.dueAt, measure: clock.measure, workingDayMs: clock.workingDayMs }).text}
            {' · '}
            {formatMessage({ id: getTranslation('sla.panel.due'), defaultMessage: 'due {date}' }, { date: formatDate(clock.dueAt, { dateStyle: 'medium', timeStyle: 'short' }) })}
          </Typography>
        </Box>
      ))}
    </Flex>
  );
};
