import { assembleStaffFigures, nameKey, personNameKeys, sortStaffFigures, staffKindOf, supervisedStaff, type DepartmentStaff } from '../figures';

const departments: DepartmentStaff[] = [
  { code: 'after-sales', name: '售后服务部', headId: 1, memberIds: [1, 2, 3] },
  { code: 'technical', name: '技术部', headId: 4, memberIds: [5] },
  { code: 'quality', name: '质管部', headId: null, memberIds: [6] },
];

describe('who a viewer supervises', () => {
  it('a manager sees every department, heads included', () => {
    expect(supervisedStaff(9, true, departments)).toEqual({ ok: true, scope: 'all', departments, staffIds: [1, 2, 3, 4, 5, 6] });
  });
  it('a head sees the members of the departments they head, themselves included', () => {
    expect(supervisedStaff(4, false, departments)).toEqual({ ok: true, scope: 'headed', departments: [departments[1]], staffIds: [4, 5] });
  });
  it('anyone else sees nobody', () => {
    expect(supervisedStaff(2, false, departments)).toEqual({ ok: false });
  });
});

describe('names of the responsible person', () => {
  it('ignores case, spaces (full-width too) and dots', () => {
    expect(nameKey(' Li  Ming ')).toBe('liming');
    expect(nameKey('李\u3000明')).toBe('李明');
    expect(nameKey('J. Smith')).toBe('jsmith');
  });
  it('takes the name in either order, the user name and the email; leaves out keys too short to be a name', () => {
    expect(personNameKeys({ firstname: 'Li', lastname: 'Ming', username: null, email: 'li@x.cn' })).toEqual(['liming', 'mingli', 'li@xcn']);
    expect(personNameKeys({ firstname: '明', lastname: '李', email: 'm@x.cn' })).toEqual(['明李', '李明', 'm@xcn']);
    expect(personNameKeys({ firstname: 'Al', lastname: '', email: 'al@x.cn' })).toEqual(['al@xcn']);
  });
});

describe('staff kinds', () => {
  it('reads agents and engineers from the role codes', () => {
    expect(staffKindOf([{ code: 'after-sales-agent' }])).toBe('agent');
    expect(staffKindOf([{ code: 'technical-engineer' }])).toBe('engineer');
    expect(staffKindOf([{ code: 'after-sales-manager' }])).toBe('other');
  });
});

const people = [
  { id: 1, firstname: 'Li', lastname: 'Ming', email: 'li@x.cn', roles: [{ code: 'after-sales-agent', name: '售后客服' }], departments: ['售后服务部'] },
  { id: 2, firstname: 'Gao', lastname: 'Jie', email: 'gao@x.cn', roles: [{ code: 'technical-engineer', name: '技术工程师' }], departments: ['技术部'] },
  { id: 3, firstname: 'An', lastname: 'Ning', email: 'an@x.cn', roles: [], departments: [] },
];
const clockList = [
  { contentType: 'api::feedback.feedback', clock: 'acknowledgeBy' },
  { contentType: 'api::feedback.feedback', clock: 'callbackBy' },
];
const rows = assembleStaffFigures({
  people,
  handled: [
    { person: 1, feedback: 3, complaint: 1, serviceRecord: 0, medianMs: 86_400_000, scoreSum: 8, scoreCount: 2, feedbackItems: 3, reopened: 1 },
    { person: 2, feedback: 0, complaint: 0, serviceRecord: 2, medianMs: 3_600_000, scoreSum: 0, scoreCount: 0, feedbackItems: 0, reopened: 0 },
  ],
  clocks: [
    { person: 1, contentType: 'api::feedback.feedback', clock: 'acknowledgeBy', total: 4, met: 2 },
    { person: 1, contentType: 'api::feedback.feedback', clock: 'callbackBy', total: 1, met: 1 },
  ],
  clockList,
  complaintsByName: new Map([
    ['liming', 2],
    ['mingli', 1],
    ['gaojie', 1],
  ]),
  training: [
    { person: 1, documentId: 't1', date: '2026-10-10', topic: 'B' },
    { person: 1, documentId: 't2', date: '2026-10-20', topic: 'A' },
  ],
});

describe("each person's figures", () => {
  it('puts the grouped counts together with their rates', () => {
    expect(rows[0]).toEqual({
      person: { id: 1, name: 'Li Ming', email: 'li@x.cn', kind: 'agent', roles: [{ code: 'after-sales-agent', name: '售后客服' }], departments: ['售后服务部'] },
      handled: { total: 4, feedback: 3, complaint: 1, serviceRecord: 0 },
      onTime: {
        total: 5,
        met: 3,
        rate: 0.6,
        clocks: [
          { contentType: 'api::feedback.feedback', clock: 'acknowledgeBy', total: 4, met: 2, rate: 0.5 },
          { contentType: 'api::feedback.feedback', clock: 'callbackBy', total: 1, met: 1, rate: 1 },
        ],
      },
      medianHandlingMs: 86_400_000,
      satisfaction: { responses: 2, average: 4 },
      reopen: { items: 3, reopened: 1, rate: 0.3333 },
      complaintsResponsible: 3,
      training: {
        count: 2,
        sessions: [
          { documentId: 't2', date: '2026-10-20', topic: 'A' },
          { documentId: 't1', date: '2026-10-10', topic: 'B' },
        ],
      },
    });
  });

  it('gives a person without items zeros and no rates, every clock listed', () => {
    expect(rows[2]).toMatchObject({
      handled: { total: 0 },
      onTime: { total: 0, met: 0, rate: null },
      medianHandlingMs: null,
      satisfaction: { responses: 0, average: null },
      reopen: { items: 0, reopened: 0, rate: null },
      complaintsResponsible: 0,
      training: { count: 0, sessions: [] },
    });
    expect(rows[2].onTime.clocks.map((c) => c.clock)).toEqual(['acknowledgeBy', 'callbackBy']);
  });

  it('sorts by a figure either way, people without it last, then by name', () => {
    const ids = (key: Parameters<typeof sortStaffFigures>[1], direction: 'asc' | 'desc') => sortStaffFigures(rows, key, direction).map((r) => r.person.id);
    expect(ids('handled', 'desc')).toEqual([1, 2, 3]);
    expect(ids('handled', 'asc')).toEqual([3, 2, 1]);
    expect(ids('medianHandlingMs', 'asc')).toEqual([2, 1, 3]);
    expect(ids('medianHandlingMs', 'desc')).toEqual([1, 2, 3]);
    // Nobody but Li Ming has a score: the others follow by name (An Ning, Gao Jie) whichever the direction.
    expect(ids('satisfaction', 'asc')).toEqual([1, 3, 2]);
    expect(ids('satisfaction', 'desc')).toEqual([1, 3, 2]);
    expect(ids('name', 'asc')).toEqual([3, 2, 1]);
    expect(ids('complaints', 'desc')).toEqual([1, 2, 3]);
  });
});
