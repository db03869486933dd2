import { kindColumnKey, tagReportRows } from '../tag-report';

const kinds = [
  { contentType: 'api::feedback.feedback', id: 'feedback', title: { en: 'Feedback' } },
  { contentType: 'api::complaint.complaint', id: 'complaint', title: { en: 'Complaint' } },
];
const tags = [
  { id: 2, name: '物流', colour: '#00aa00' },
  { id: 1, name: '电池', colour: '#ff0000' },
  { id: 3, name: '未用', colour: '#0000ff' },
];

describe('items by tag', () => {
  it('makes one row per tag received in the month, by name, with kinds, open, closed and the trend', () => {
    const rows = tagReportRows(tags, kinds, [
      { tagId: 1, contentType: 'api::feedback.feedback', received: 2, closed: 1, previous: 1 },
      { tagId: 1, contentType: 'api::complaint.complaint', received: 1, closed: 0, previous: 0 },
      { tagId: 2, contentType: 'api::complaint.complaint', received: 2, closed: 2, previous: 4 },
      { tagId: 3, contentType: 'api::feedback.feedback', received: 0, closed: 0, previous: 5 },
    ]);
    expect(rows).toEqual([
      { tag: '物流', colour: '#00aa00', 'kind:feedback': 0, 'kind:complaint': 2, received: 2, open: 0, closed: 2, previous: 4, change: -50 },
      { tag: '电池', colour: '#ff0000', 'kind:feedback': 2, 'kind:complaint': 1, received: 3, open: 2, closed: 1, previous: 1, change: 200 },
    ]);
  });
  it('has no change when the month before had none, and no rows without counts', () => {
    expect(tagReportRows(tags, kinds, [{ tagId: 3, contentType: 'api::feedback.feedback', received: 1, closed: 0, previous: 0 }])[0].change).toBeNull();
    expect(tagReportRows(tags, kinds, [])).toEqual([]);
    expect(kindColumnKey(kinds[0])).toBe('kind:feedback');
  });
});
