import { checkRobotAnswer, isRobotUrl, robotMessage } from './wecom';

import type { ExtensionContext } from 'strapi-plugin-after-sales/extension-api';

/** A row of the outbox counts the section and the widget read (knex answers counts as text on PostgreSQL). */
interface CountRow {
  channel: string;
  status: string;
  count: number | string;
}

export const SECTION_ID = 'example.wecom-notify.messages-per-channel';
export const WIDGET_ID = 'example.wecom-notify.waiting';

export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  context.subscriptions.push(
    api.channels.register('wecom', {
      // The robot needs no account: each message names its robot's URL as recipient.
      isConfigured: () => true,
      async send(message) {
        if (!isRobotUrl(message.recipient)) throw new Error('the recipient is not a WeCom robot URL');
        const [mentionAll, timeoutMs] = await Promise.all([api.configuration.get<boolean>('mentionAll'), api.configuration.get<number>('timeoutMs')]);
        const res = await fetch(message.recipient, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(robotMessage(message, { mentionAll: !!mentionAll })),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const body = await res.json().catch(() => null);
        const problem = checkRobotAnswer(res.status, body);
        if (problem) throw new Error(problem);
      },
    })
  );

  context.subscriptions.push(
    api.reports.registerSection(SECTION_ID, async ({ from, to }) => {
      // Outbox rows keep their creation time as an ISO text (UTC), so the month compares as text.
      const rows = (await context.strapi.db
        .connection('after_sales_outbox')
        .select('channel', 'status')
        .count({ count: '*' })
        .where('created_at', '>=', from.toISOString())
        .andWhere('created_at', '<', to.toISOString())
        .groupBy('channel', 'status')) as unknown as CountRow[];
      const byChannel = new Map<string, { channel: string; queued: number; sent: number; waiting: number; failed: number }>();
      for (const row of rows) {
        const entry = byChannel.get(row.channel) ?? { channel: row.channel, queued: 0, sent: 0, waiting: 0, failed: 0 };
        const count = Number(row.count);
        entry.queued += count;
        if (row.status === 'sent') entry.sent += count;
        else if (row.status === 'failed') entry.failed += count;
        else entry.waiting += count;
        byChannel.set(row.channel, entry);
      }
      return {
        columns: [
          { key: 'channel', title: { en: 'Channel', 'zh-Hans': '渠道' } },
          { key: 'queued', title: { en: 'Queued', 'zh-Hans': '排队' } },
          { key: 'sent', title: { en: 'Sent', 'zh-Hans': '已发送' } },
          { key: 'waiting', title: { en: 'Waiting', 'zh-Hans': '等待中' } },
          { key: 'failed', title: { en: 'Failed', 'zh-Hans': '失败' } },
        ],
        rows: [...byChannel.values()].sort((a, b) => b.queued - a.queued || a.channel.localeCompare(b.channel)),
      };
    })
  );

  context.subscriptions.push(
    api.widgets.registerWidget(WIDGET_ID, async () => {
      const rows = (await context.strapi.db
        .connection('after_sales_outbox')
        .select('channel', 'status')
        .count({ count: '*' })
        .whereIn('status', ['pending', 'held'])
        .groupBy('channel', 'status')) as unknown as CountRow[];
      const byChannel = new Map<string, { channel: string; pending: number; held: number }>();
      for (const row of rows) {
        const entry = byChannel.get(row.channel) ?? { channel: row.channel, pending: 0, held: 0 };
        entry[row.status === 'held' ? 'held' : 'pending'] += Number(row.count);
        byChannel.set(row.channel, entry);
      }
      return {
        columns: [
          { key: 'channel', title: { en: 'Channel', 'zh-Hans': '渠道' } },
          { key: 'pending', title: { en: 'Queued', 'zh-Hans': '排队中' } },
          { key: 'held', title: { en: 'Held (channel not set up)', 'zh-Hans': '暂存(渠道未配置)' } },
        ],
        rows: [...byChannel.values()].sort((a, b) => a.channel.localeCompare(b.channel)),
      };
    })
  );
};
