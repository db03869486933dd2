/**
 * The complaint archive (001 三.2: 按月份、用戶或產品類型分類整理、歸檔): the complaints of a period as
 * lists grouped by month, by customer or by product category, each with the register's fields
 * (the product details of 三.2(1), cause and responsibility, plan, the customer's agreement, the
 * close and the callback). Pure: the rows come in already read and masked for the viewer.
 */

export const ARCHIVE_GROUPINGS = ['month', 'customer', 'category'] as const;
export type ArchiveGrouping = (typeof ARCHIVE_GROUPINGS)[number];
export const isArchiveGrouping = (value: unknown): value is ArchiveGrouping => typeof value === 'string' && (ARCHIVE_GROUPINGS as readonly string[]).includes(value);

/** At most this many months in one list. */
export const MAX_ARCHIVE_MONTHS = 12;

export interface ArchiveRow {
  documentId: string;
  reference: string | null;
  /** When the complaint was registered (ISO), and its month in the business time zone. */
  registeredAt: string;
  month: string;
  state: string;
  stateTitle: string;
  seriousness: string | null;
  cause: string | null;
  customer: { documentId: string | null; name: string | null; company: string | null; phone: string | null; email: string | null; address: string | null };
  product: { model: string | null; name: string | null; category: string | null };
  orderNumber: string | null;
  orderDate: string | null;
  productVersion: string | null;
  quantity: number | null;
  deliveryDate: string | null;
  price: number | null;
  salesHandler: string | null;
  description: string | null;
  customerDemand: string | null;
  responsibleDepartment: string | null;
  responsiblePerson: string | null;
  resolutionPlan: string | null;
  agreedBy: string | null;
  agreedVia: string | null;
  agreedAt: string | null;
  closedAt: string | null;
  callbackOutcome: string | null;
  preventionMeasure: string | null;
}

export interface ArchiveGroup {
  /** The month (`2026-11`), the customer's documentId, or the product category; null: no customer / no category. */
  key: string | null;
  /** What the list is headed with: the month, the customer's name (and company), the category. */
  label: string | null;
  count: number;
  rows: ArchiveRow[];
}

/** `2026-01`…`2026-03` → 3; null when `to` is before `from`. */
export const monthsInRange = (from: string, to: string): number | null => {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  const months = (ty - fy) * 12 + (tm - fm) + 1;
  return months >= 1 ? months : null;
};

const keyOf = (row: ArchiveRow, by: ArchiveGrouping): { key: string | null; label: string | null } => {
  if (by === 'month') return { key: row.month, label: row.month };
  if (by === 'category') return { key: row.product.category, label: row.product.category };
  const { documentId, name, company } = row.customer;
  return { key: documentId, label: name && company ? `${name} (${company})` : (name ?? company) };
};

/**
 * The rows as lists: months oldest first, customers and categories by name (the unnamed last);
 * within a list, oldest complaint first.
 */
export const groupArchive = (rows: readonly ArchiveRow[], by: ArchiveGrouping): ArchiveGroup[] => {
  const groups = new Map<string, ArchiveGroup>();
  const sorted = [...rows].sort((a, b) => a.registeredAt.localeCompare(b.registeredAt) || (a.reference ?? '').localeCompare(b.reference ?? ''));
  for (const row of sorted) {
    const { key, label } = keyOf(row, by);
    const id = key ?? '\u0000none';
    const group = groups.get(id) ?? { key, label, count: 0, rows: [] };
    group.rows.push(row);
    group.count += 1;
    groups.set(id, group);
  }
  return [...groups.values()].sort((a, b) => {
    if (a.key === null || b.key === null) return a.key === null ? (b.key === null ? 0 : 1) : -1;
    return by === 'month' ? a.key.localeCompare(b.key) : (a.label ?? '').localeCompare(b.label ?? '', 'zh-Hans-CN') || a.key.localeCompare(b.key);
  });
};

type Localized = { en: string; 'zh-Hans': string };
type Language = 'en' | 'zh-Hans';

/**
 * The complaint's coded fields (seriousness, cause, how the customer agreed, the callback's outcome)
 * as the admin shows them (its `value.<code>` translations; a unit test holds the two together), for
 * the CSV a person opens. A code not listed (an extension's) is written as it is.
 */
export const ARCHIVE_VALUE_LABELS: Record<Language, Record<string, string>> = {
  en: {
    minor: 'Minor',
    serious: 'Serious',
    quality: 'Product quality',
    human: 'Human factor',
    software: 'Software / app',
    other: 'Other',
    phone: 'Phone',
    sms: 'SMS',
    email: 'Email',
    'in-person': 'In person',
    letter: 'Letter',
    online: 'Online',
    solved: 'Solved',
    'partly-solved': 'Partly solved',
    'not-solved': 'Not solved',
  },
  'zh-Hans': {
    minor: '轻微',
    serious: '严重',
    quality: '产品质量问题',
    human: '人为因素',
    software: '软件（App）体验',
    other: '其他',
    phone: '电话',
    sms: '短信',
    email: '邮件',
    'in-person': '当面',
    letter: '书面/信函',
    online: '在线',
    solved: '已解决',
    'partly-solved': '部分解决',
    'not-solved': '未解决',
  },
};

/** A coded value in the language, or the code itself when it has no label; null stays empty. */
const labelOf = (code: string | null, language: Language) => (code === null ? null : (ARCHIVE_VALUE_LABELS[language][code] ?? code));

/** The CSV's columns, in the order of the register (三.2(1)), then the handling. */
export const ARCHIVE_COLUMNS: { key: string; title: Localized; value: (row: ArchiveRow, language: Language) => string | number | null }[] = [
  { key: 'reference', title: { en: 'Reference', 'zh-Hans': '编号' }, value: (r) => r.reference },
  { key: 'registeredAt', title: { en: 'Registered', 'zh-Hans': '登记时间' }, value: (r) => r.registeredAt },
  { key: 'state', title: { en: 'State', 'zh-Hans': '状态' }, value: (r) => r.stateTitle },
  { key: 'seriousness', title: { en: 'Seriousness', 'zh-Hans': '严重程度' }, value: (r, language) => labelOf(r.seriousness, language) },
  { key: 'cause', title: { en: 'Cause', 'zh-Hans': '投诉原因' }, value: (r, language) => labelOf(r.cause, language) },
  { key: 'customer', title: { en: 'Customer', 'zh-Hans': '客户' }, value: (r) => r.customer.name },
  { key: 'company', title: { en: 'Company / hospital', 'zh-Hans': '单位/医院' }, value: (r) => r.customer.company },
  { key: 'phone', title: { en: 'Phone', 'zh-Hans': '电话' }, value: (r) => r.customer.phone },
  { key: 'email', title: { en: 'Email', 'zh-Hans': '邮箱' }, value: (r) => r.customer.email },
  { key: 'address', title: { en: 'Address', 'zh-Hans': '地址' }, value: (r) => r.customer.address },
  { key: 'productModel', title: { en: 'Product model', 'zh-Hans': '产品型号' }, value: (r) => r.product.model },
  { key: 'productCategory', title: { en: 'Product category', 'zh-Hans': '产品类型' }, value: (r) => r.product.category },
  { key: 'orderNumber', title: { en: 'Order number', 'zh-Hans': '订单号' }, value: (r) => r.orderNumber },
  { key: 'orderDate', title: { en: 'Order date', 'zh-Hans': '订单日期' }, value: (r) => r.orderDate },
  { key: 'productVersion', title: { en: 'Product version', 'zh-Hans': '产品版本' }, value: (r) => r.productVersion },
  { key: 'quantity', title: { en: 'Quantity', 'zh-Hans': '数量' }, value: (r) => r.quantity },
  { key: 'deliveryDate', title: { en: 'Delivery date', 'zh-Hans': '交付日期' }, value: (r) => r.deliveryDate },
  { key: 'price', title: { en: 'Price', 'zh-Hans': '价格' }, value: (r) => r.price },
  { key: 'salesHandler', title: { en: 'Sales handler', 'zh-Hans': '办理人员' }, value: (r) => r.salesHandler },
  { key: 'description', title: { en: 'Complaint', 'zh-Hans': '投诉内容' }, value: (r) => r.description },
  { key: 'customerDemand', title: { en: 'Customer demand', 'zh-Hans': '客户要求' }, value: (r) => r.customerDemand },
  { key: 'responsibleDepartment', title: { en: 'Responsible unit', 'zh-Hans': '责任部门' }, value: (r) => r.responsibleDepartment },
  { key: 'responsiblePerson', title: { en: 'Responsible person', 'zh-Hans': '责任人' }, value: (r) => r.responsiblePerson },
  { key: 'resolutionPlan', title: { en: 'Handling plan', 'zh-Hans': '处理方案' }, value: (r) => r.resolutionPlan },
  { key: 'agreedBy', title: { en: 'Agreed by', 'zh-Hans': '客户确认人' }, value: (r) => r.agreedBy },
  { key: 'agreedVia', title: { en: 'Agreed via', 'zh-Hans': '确认方式' }, value: (r, language) => labelOf(r.agreedVia, language) },
  { key: 'agreedAt', title: { en: 'Agreed at', 'zh-Hans': '确认时间' }, value: (r) => r.agreedAt },
  { key: 'closedAt', title: { en: 'Closed', 'zh-Hans': '结案时间' }, value: (r) => r.closedAt },
  { key: 'callbackOutcome', title: { en: 'Callback outcome', 'zh-Hans': '回访结果' }, value: (r, language) => labelOf(r.callbackOutcome, language) },
  { key: 'preventionMeasure', title: { en: 'Prevention measure', 'zh-Hans': '预防措施' }, value: (r) => r.preventionMeasure },
];

const GROUP_TITLES: Record<ArchiveGrouping, Localized> = {
  month: { en: 'Month', 'zh-Hans': '月份' },
  customer: { en: 'Customer', 'zh-Hans': '客户' },
  category: { en: 'Product category', 'zh-Hans': '产品类型' },
};
const NONE: Record<ArchiveGrouping, Localized> = {
  month: { en: '—', 'zh-Hans': '—' },
  customer: { en: 'No customer', 'zh-Hans': '无客户' },
  category: { en: 'No category', 'zh-Hans': '未分类' },
};

/**
 * The lists as table rows (a header, then one line per complaint headed by its list), for a CSV, in
 * the language: the headers, the state's title and the coded fields' labels (the JSON keeps the codes).
 */
export const archiveTable = (groups: readonly ArchiveGroup[], by: ArchiveGrouping, language: Language): (string | number | null)[][] => [
  [GROUP_TITLES[by][language], ...ARCHIVE_COLUMNS.map((c) => c.title[language])],
  ...groups.flatMap((group) => group.rows.map((row) => [group.label ?? NONE[by][language], ...ARCHIVE_COLUMNS.map((c) => c.value(row, language))])),
];
