import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useIntl } from 'react-intl';
import { useTheme } from 'styled-components';
import { getTranslation } from '../../utils/getTranslation';
import type { Dashboard } from './types';

const PALETTE = ['primary600', 'danger500', 'warning500', 'success600', 'secondary500', 'alternative600', 'neutral500'];

/** Weekly feedback volume, stacked by type. */
export const WeeklyVolumeChart = ({ volume }: { volume: Dashboard['weeklyVolume'] }) => {
  const { formatMessage } = useIntl();
  const theme = useTheme() as unknown as { colors: Record<string, string> };
  const data = volume.weeks.map((w) => ({ week: w.week.slice(5), ...w.counts }));
  const typeName = (type: string) => formatMessage({ id: getTranslation(`value.${type}`), defaultMessage: type });
  return (
    <div data-testid="chart-weekly-volume" style={{ width: '100%', height: 260 }}>
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="week" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip />
          <Legend formatter={(value: string) => typeName(value)} />
          {volume.types.map((type, index) => (
            <Bar key={type} dataKey={type} name={type} stackId="volume" fill={theme.colors[PALETTE[index % PALETTE.length]]} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
};

/** The weekly satisfaction average (1–5) of closed items. */
export const SatisfactionChart = ({ trend }: { trend: Dashboard['satisfactionTrend'] }) => {
  const { formatMessage } = useIntl();
  const theme = useTheme() as unknown as { colors: Record<string, string> };
  const data = trend.map((w) => ({ week: w.week.slice(5), average: w.average, responses: w.responses }));
  const label = formatMessage({ id: getTranslation('dashboard.satisfactionAverage'), defaultMessage: 'Average score' });
  return (
    <div data-testid="chart-satisfaction" style={{ width: '100%', height: 260 }}>
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="week" fontSize={12} />
          <YAxis domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} fontSize={12} />
          <Tooltip />
          <Line type="monotone" dataKey="average" name={label} stroke={theme.colors.primary600} strokeWidth={2} connectNulls dot />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
};
