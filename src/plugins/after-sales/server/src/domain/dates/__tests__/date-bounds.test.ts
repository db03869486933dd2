import { checkDates, readDate } from '../date-bounds';

const SR = 'api::service-record.service-record';
const TZ = 'Asia/Shanghai';
// The record was created on 2026-06-10 at 14:00 in Shanghai; it is now 2026-06-20 10:00 there.
const options = { createdAt: new Date('2026-06-10T06:00:00Z'), now: new Date('2026-06-20T02:00:00Z'), timeZone: TZ };
const codes = (data: Record<string, unknown>, extra = {}) => checkDates(SR, data, { ...options, ...extra }).map((p) => `${p.field}:${p.code}`);

describe('date bounds of work items', () => {
  it('refuses an event before the day the item was created (2026/12/02 read as 2002-12-02) and accepts the same day', () => {
    expect(codes({ returnedAt: '2002-12-02T10:00:00.000Z' })).toEqual(['returnedAt:date-before-item']);
    expect(checkDates(SR, { returnedAt: '2002-12-02' }, options)[0].message).toBe('must not be before the day this item was created (2026-06-10); got 2002-12-02');
    // 08:00 in Shanghai on the creation day, before the creation time: taken (paper records are entered later that day).
    expect(codes({ performedAt: '2026-06-10T00:00:00.000Z' })).toEqual([]);
    expect(codes({ performedAt: '2026-06-09T15:59:59.000Z' })).toEqual(['performedAt:date-before-item']);
  });

  it('refuses an event after today and a plan beyond the configured horizon', () => {
    expect(codes({ signedAt: '2026-06-20T15:59:00.000Z' })).toEqual([]);
    expect(codes({ signedAt: '2026-06-20T16:00:00.000Z' })).toEqual(['signedAt:date-in-future']);
    expect(codes({ scheduledAt: '2028-06-19T09:00:00+08:00' })).toEqual([]);
    expect(codes({ scheduledAt: '2028-06-21T09:00:00+08:00' })).toEqual(['scheduledAt:date-too-far-ahead']);
    expect(codes({ scheduledAt: '2026-07-21T09:00:00+08:00' }, { maxFutureDays: 30 })).toEqual(['scheduledAt:date-too-far-ahead']);
  });

  it('checks purchase dates backwards: not after the item, not decades before', () => {
    expect(codes({ purchaseDate: '2025-01-31' })).toEqual([]);
    expect(codes({ purchaseDate: '2026-06-10' })).toEqual([]);
    expect(codes({ purchaseDate: '2026-06-11' })).toEqual(['purchaseDate:date-after-item']);
    expect(codes({ purchaseDate: '1990-01-01' })).toEqual(['purchaseDate:date-too-old']);
  });

  it('refuses what is not an ISO date, ignores empty values and fields it does not know', () => {
    expect(codes({ returnedAt: '2026/12/02', archivedAt: '2026-02-30', performedAt: 'yesterday' })).toEqual(['performedAt:date-invalid', 'returnedAt:date-invalid', 'archivedAt:date-invalid']);
    expect(codes({ returnedAt: null, signedAt: '', findings: '2002-01-01' })).toEqual([]);
    expect(checkDates('api::customer.customer', { returnedAt: '2002-01-01' }, options)).toEqual([]);
  });

  it('reads dates as the admin and the database give them', () => {
    expect(readDate('2026-06-10', TZ)?.toISOString()).toBe('2026-06-09T16:00:00.000Z');
    expect(readDate('2026-06-10 09:30:00+08', TZ)?.toISOString()).toBe('2026-06-10T01:30:00.000Z');
    expect(readDate(1781056800000, TZ)?.getTime()).toBe(1781056800000);
    expect(readDate(new Date('2026-06-10T00:00:00Z'), TZ)?.toISOString()).toBe('2026-06-10T00:00:00.000Z');
  });
});
