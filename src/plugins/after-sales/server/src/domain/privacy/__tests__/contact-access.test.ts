import { contactAccess, CUSTOMER_UID, FULL_ACCESS, guardEntity, NO_ACCESS, unreadableQueryFields, type SchemaOf } from '../contact-access';

const SCHEMAS: Record<string, Record<string, { type: string; target?: string; component?: string; components?: string[] }>> = {
  [CUSTOMER_UID]: {
    name: { type: 'string' },
    phone: { type: 'string' },
    email: { type: 'email' },
    wechat: { type: 'string' },
    address: { type: 'text' },
    notes: { type: 'text' },
    phoneNormalized: { type: 'string' },
    feedbacks: { type: 'relation', target: 'api::feedback.feedback' },
  },
  'api::feedback.feedback': {
    symptom: { type: 'text' },
    customer: { type: 'relation', target: CUSTOMER_UID },
    approvals: { type: 'component', component: 'after-sales.approval' },
    blocks: { type: 'dynamiczone', components: ['after-sales.contact'] },
  },
  'after-sales.approval': { comment: { type: 'text' } },
  'after-sales.contact': { customer: { type: 'relation', target: CUSTOMER_UID } },
};
const schemaOf: SchemaOf = (uid) => SCHEMAS[uid];
const MASKED = contactAccess(() => 'masked');
const wang = () => ({
  name: '王伟',
  phone: '+86 138 0013 8000',
  email: 'wang.wei@example.cn',
  wechat: 'wx_wang',
  address: '上海市浦东新区',
  notes: '备用 13911112222',
  phoneNormalized: '13800138000',
});

describe('guardEntity', () => {
  it('masks a customer wherever it sits: relation, nested relation, list, dynamic zone', () => {
    const feedback = { symptom: 'x', customer: { ...wang(), feedbacks: [{ customer: wang() }] }, blocks: [{ __component: 'after-sales.contact', customer: wang() }] };
    guardEntity([feedback], 'api::feedback.feedback', schemaOf, MASKED);
    for (const customer of [feedback.customer, feedback.customer.feedbacks[0].customer, feedback.blocks[0].customer]) {
      expect(customer).toEqual({
        ...(customer === feedback.customer ? { feedbacks: feedback.customer.feedbacks } : {}),
        name: '王伟',
        phone: '138****8000',
        email: 'w***@example.cn',
        wechat: 'w***',
        address: '上海市***',
        notes: '备用 139****2222',
      });
    }
  });

  it('hides every contact field without access, keeps them all with full access', () => {
    const hidden = { customer: wang() };
    guardEntity(hidden, 'api::feedback.feedback', schemaOf, NO_ACCESS);
    expect(hidden.customer).toEqual({ name: '王伟' });
    const full = { customer: wang() };
    guardEntity(full, 'api::feedback.feedback', schemaOf, FULL_ACCESS);
    expect(full.customer).toEqual(wang());
  });

  it('leaves fields of the same name on other types alone', () => {
    const approval = { approvals: [{ comment: 'call 13800138000', phone: '13800138000' }] };
    guardEntity(approval, 'api::feedback.feedback', schemaOf, NO_ACCESS);
    expect(approval.approvals[0].phone).toBe('13800138000');
  });
});

describe('unreadableQueryFields', () => {
  const paths = (query: Record<string, unknown>, uid = 'api::feedback.feedback', access = MASKED) => unreadableQueryFields(query, uid, schemaOf, access).map((f) => f.path.join('.'));

  it('finds contact fields in filters, through relations, logical operators and dotted keys', () => {
    expect(paths({ filters: { customer: { phone: { $startsWith: '138' } } } })).toEqual(['filters.customer.phone']);
    expect(paths({ filters: { $or: [{ symptom: { $eq: 'x' } }, { customer: { email: { $startsWith: 'w' } } }] } })).toEqual(['filters.$or.1.customer.email']);
    expect(paths({ filters: { $not: { 'customer.wechat': { $null: false } } } })).toEqual(['filters.$not.customer.wechat']);
    expect(paths({ filters: { customer: { feedbacks: { customer: { notes: { $contains: '1' } } } } } })).toEqual(['filters.customer.feedbacks.customer.notes']);
    expect(paths({ filters: { phone: { $startsWith: '1' } } }, CUSTOMER_UID)).toEqual(['filters.phone']);
    expect(paths({ filters: { customer: { name: { $eq: '王伟' } }, symptom: { $contains: 'phone' } } })).toEqual([]);
  });

  it('finds them in every shape of sort', () => {
    expect(paths({ sort: 'customer.phone:asc' })).toEqual(['sort.customer.phone']);
    expect(paths({ sort: 'symptom,customer.email' })).toEqual(['sort.customer.email']);
    expect(paths({ sort: ['symptom:asc', 'customer.address:desc'] })).toEqual(['sort.customer.address']);
    expect(paths({ sort: { customer: { phoneNormalized: 'asc' } } })).toEqual(['sort.customer.phoneNormalized']);
    expect(paths({ sort: [{ customer: { name: 'asc' } }] })).toEqual([]);
  });

  it('finds them in the filters and sort of a populate', () => {
    expect(paths({ populate: { customer: { filters: { phone: { $eq: '1' } } } } })).toEqual(['populate.customer.filters.phone']);
    expect(paths({ populate: { customer: { populate: { feedbacks: { populate: { customer: { sort: 'email' } } } } } } })).toEqual([
      'populate.customer.populate.feedbacks.populate.customer.sort.email',
    ]);
  });

  it('allows everything with full access', () => {
    expect(paths({ filters: { customer: { phone: { $startsWith: '138' } } }, sort: 'customer.email' }, 'api::feedback.feedback', FULL_ACCESS)).toEqual([]);
  });
});
