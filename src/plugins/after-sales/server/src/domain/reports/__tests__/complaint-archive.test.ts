import fs from 'node:fs';
import path from 'node:path';
import { ARCHIVE_COLUMNS, ARCHIVE_VALUE_LABELS, archiveTable, groupArchive, type ArchiveRow } from '../complaint-archive';

const root = path.resolve(__dirname, '../../../../../../../..');
const json = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, any>;
const admin = { en: json('src/plugins/after-sales/admin/src/translations/en.json'), 'zh-Hans': json('src/plugins/after-sales/admin/src/translations/zh-Hans.json') };
const complaint = json('src/api/complaint/content-types/complaint/schema.json').attributes as Record<string, { enum?: string[] }>;

const row = (over: Partial<ArchiveRow> = {}): ArchiveRow => ({
  documentId: 'c1',
  reference: 'CP-1',
  registeredAt: '2025-01-01T02:00:00.000Z',
  month: '2025-01',
  state: 'registered',
  stateTitle: 'Registered',
  seriousness: 'serious',
  cause: 'human',
  customer: { documentId: 'k1', name: '李女士', company: null, phone: null, email: null, address: null },
  product: { model: 'BF-2025A', name: null, category: '相册' },
  orderNumber: null,
  orderDate: null,
  productVersion: null,
  quantity: null,
  deliveryDate: null,
  price: null,
  salesHandler: null,
  description: null,
  customerDemand: null,
  responsibleDepartment: null,
  responsiblePerson: null,
  resolutionPlan: null,
  agreedBy: null,
  agreedVia: 'in-person',
  agreedAt: null,
  closedAt: null,
  callbackOutcome: 'partly-solved',
  preventionMeasure: null,
  ...over,
});
const column = (table: (string | number | null)[][], key: string) => table[1][1 + ARCHIVE_COLUMNS.findIndex((c) => c.key === key)];

describe('the complaint archive CSV writes coded fields as labels', () => {
  const coded = ['seriousness', 'cause', 'agreedVia', 'callbackOutcome'] as const;

  it.each(['en', 'zh-Hans'] as const)('every code of the complaint’s coded fields has the admin’s label (%s)', (language) => {
    for (const field of coded) {
      const codes = complaint[field].enum ?? [];
      expect(codes.length).toBeGreaterThan(1);
      for (const code of codes) expect({ field, code, label: ARCHIVE_VALUE_LABELS[language][code] }).toEqual({ field, code, label: admin[language][`value.${code}`] });
    }
  });

  it('in English and in Chinese; the JSON rows keep the codes', () => {
    const groups = groupArchive([row()], 'month');
    const en = archiveTable(groups, 'month', 'en');
    expect(coded.map((key) => column(en, key))).toEqual(['Serious', 'Human factor', 'In person', 'Partly solved']);
    const zh = archiveTable(groups, 'month', 'zh-Hans');
    expect(coded.map((key) => column(zh, key))).toEqual(['严重', '人为因素', '当面', '部分解决']);
    expect(groups[0].rows[0]).toMatchObject({ seriousness: 'serious', cause: 'human', agreedVia: 'in-person', callbackOutcome: 'partly-solved' });
  });

  it('an unknown code is written as it is, an empty field stays empty', () => {
    const table = archiveTable(groupArchive([row({ cause: 'supplier', seriousness: null, agreedVia: null, callbackOutcome: null })], 'month'), 'month', 'zh-Hans');
    expect(coded.map((key) => column(table, key))).toEqual([null, 'supplier', null, null]);
  });
});
