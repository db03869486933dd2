import { clockLabel } from '../labels';
import feedback from '../../../extensions/feedback-workflow/package.json';
import complaint from '../../../extensions/complaint-workflow/package.json';
import serviceRecord from '../../../extensions/service-record-workflow/package.json';

describe('the monthly report names every built-in SLA clock', () => {
  const kinds = [feedback, complaint, serviceRecord].flatMap((m) => m.afterSales.contributes.itemKinds as { id: string; clocks: { field: string }[] }[]);
  it.each(kinds.flatMap((kind) => kind.clocks.map((c) => [kind.id, c.field])))('%s · %s in Chinese and English', (kind, clock) => {
    for (const locale of ['zh-Hans', 'en'] as const) expect(clockLabel(locale, kind, clock)).not.toBe(`${kind} · ${clock}`);
  });
});
