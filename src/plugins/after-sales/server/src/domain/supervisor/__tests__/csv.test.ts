import { supervisorCsv } from '../csv';
import type { StaffFigures, SupervisorView } from '../../../../../shared/supervisor';

const person = (overrides: Partial<StaffFigures>): StaffFigures => ({
  person: { id: 1, name: '=Li, "Ming"', email: 'li@x.cn', kind: 'agent', roles: [], departments: ['售后服务部', '质管部'] },
  handled: { total: 4, feedback: 3, complaint: 1, serviceRecord: 0 },
  onTime: { total: 5, met: 3, rate: 0.6, clocks: [{ contentType: 'api::feedback.feedback', clock: 'acknowledgeBy', total: 4, met: 2, rate: 0.5 }] },
  medianHandlingMs: 5_400_000,
  satisfaction: { responses: 2, average: 4.5 },
  reopen: { items: 3, reopened: 1, rate: 0.3333 },
  complaintsResponsible: 2,
  training: { count: 1, sessions: [{ documentId: 't', date: '2026-10-10', topic: '投诉处理' }] },
  ...overrides,
});
const view: SupervisorView = { period: { from: '2026-10-01', to: '2026-10-31', timeZone: 'Asia/Shanghai' }, scope: 'all', departments: [], staff: [person({})] };

describe("the supervisor's view as CSV", () => {
  it('has a title, the period, labelled columns and one line per person (English)', () => {
    const lines = supervisorCsv(view, 'en')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe("Supervisor's view");
    expect(lines[1]).toBe('Period,2026-10-01 – 2026-10-31');
    expect(lines[3]).toContain('Name,Email,Position,Departments,Items handled,Feedback,Complaints,Service records,On time (all deadlines),');
    // A formula-like, comma and quote-holding name is neutralised and quoted.
    expect(lines[4]).toBe(`"'=Li, ""Ming""",li@x.cn,Agent,售后服务部 / 质管部,4,3,1,0,60.0%,2/4 (50.0%),1.5,4.5,2,33.3%,2,1,2026-10-10 投诉处理`);
    expect(lines[5]).toBe('');
  });

  it('reads Chinese labels and leaves empty cells for figures without a base', () => {
    const empty = person({
      person: { id: 2, name: '高杰', email: 'g@x.cn', kind: 'engineer', roles: [], departments: [] },
      onTime: { total: 0, met: 0, rate: null, clocks: [{ contentType: 'api::feedback.feedback', clock: 'acknowledgeBy', total: 0, met: 0, rate: null }] },
      medianHandlingMs: null,
      satisfaction: { responses: 0, average: null },
      reopen: { items: 0, reopened: 0, rate: null },
      training: { count: 0, sessions: [] },
    });
    const lines = supervisorCsv({ ...view, staff: [empty] }, 'zh-Hans')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe('主管视图');
    expect(lines[4]).toBe('高杰,g@x.cn,工程师,,4,3,1,0,,,,,0,,2,0,');
  });
});
