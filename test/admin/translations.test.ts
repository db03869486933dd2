/**
 * Every string the admin shows exists in en and zh-Hans: the after-sales plugin's messages (every
 * id its source asks for, literal or built from a workflow, a clock, a template…), and the
 * Content Manager's labels, content-type names and enumeration options. Fast: reads files only.
 */
import fs from 'node:fs';
import path from 'node:path';
import en from '../../src/plugins/after-sales/admin/src/translations/en.json';
import zh from '../../src/plugins/after-sales/admin/src/translations/zh-Hans.json';
import cmEn from '../../src/plugins/after-sales/admin/src/translations/content-manager/en.json';
import cmZh from '../../src/plugins/after-sales/admin/src/translations/content-manager/zh-Hans.json';
import strapiEn from '../../src/plugins/after-sales/admin/src/translations/strapi/en.json';
import strapiZh from '../../src/plugins/after-sales/admin/src/translations/strapi/zh-Hans.json';
import { FIELD_ERROR_CODES, REFUSAL_CODES, THROWN_FIELD_CODES } from '../../src/plugins/after-sales/server/src/domain/errors/codes';
import { FIELD_ACTION_KINDS, UNIT_OUTCOMES } from '../../src/plugins/after-sales/server/src/domain/field-actions/field-action';
import { ESCALATION_NOTE_CODES } from '../../src/plugins/after-sales/server/src/domain/sla/escalation-note';
import { DEMO_ROLES } from '../../src/seed/admin-roles';
import { BUILTIN_VIEWS, QUEUE_COLUMNS } from '../../src/plugins/after-sales/server/src/domain/queues/views';
import { DELIVERY_CHOICES, NOTIFICATION_KINDS } from '../../src/plugins/after-sales/server/src/domain/notifications/kinds';
import { CHOICES as BETA_CHOICES } from '../../src/plugins/after-sales/server/src/domain/improvement/beta-test';

const ROOT = path.resolve(__dirname, '../..');
const ADMIN = path.join(ROOT, 'src/plugins/after-sales/admin/src');
const SERVER = path.join(ROOT, 'src/plugins/after-sales/server/src');
const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const walk = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));

type Schema = {
  info: { displayName: string };
  options?: { draftAndPublish?: boolean };
  pluginOptions?: { i18n?: { localized?: boolean } };
  attributes: Record<string, { type: string; enum?: string[] }>;
};
const contentTypes: [string, Schema][] = [
  ...fs.readdirSync(path.join(ROOT, 'src/api')).map((name): [string, Schema] => [`api::${name}.${name}`, read(path.join(ROOT, 'src/api', name, 'content-types', name, 'schema.json'))]),
  ...fs
    .readdirSync(path.join(SERVER, 'content-types'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e): [string, Schema] => [`plugin::after-sales.${e.name}`, read(path.join(SERVER, 'content-types', e.name, 'schema.json'))]),
];
const components: [string, Schema][] = fs
  .readdirSync(path.join(ROOT, 'src/components'))
  .flatMap((category) =>
    fs.readdirSync(path.join(ROOT, 'src/components', category)).map((file): [string, Schema] => [`${category}.${file.replace(/\.json$/, '')}`, read(path.join(ROOT, 'src/components', category, file))])
  );

const manifests = fs
  .readdirSync(path.join(SERVER, 'extensions'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => read(path.join(SERVER, 'extensions', e.name, 'package.json')).afterSales.contributes ?? {});
const workflows: { contentType: string; transitions: any[] }[] = manifests.flatMap((c) => c.workflows ?? []);
const attributeOf = (uid: string, field: string) => contentTypes.find(([u]) => u === uid)?.[1].attributes[field];

/** Placeholders of an ICU message: the same in both languages. */
const placeholders = (message: string) => [...new Set([...message.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]))].sort();

/** Message ids the source builds from a value: the values each can take. */
const transitionFields = workflows.flatMap((w) =>
  w.transitions.flatMap((t) =>
    [...(t.fields ?? []), ...(t.requiredFields ?? []), ...(t.requires ?? []).map((r: any) => r.field)].map((f: any) => ({ uid: w.contentType, field: typeof f === 'string' ? f : f.name }))
  )
);
const DYNAMIC: Record<string, string[]> = {
  'action.': [...new Set([...workflows.flatMap((w) => w.transitions.map((t) => t.id)), 'receive', 'escalate', 'sla-recompute', 'create-from-issue'])],
  'field.': [...new Set(transitionFields.map((f) => f.field))],
  'value.': [
    ...new Set([
      ...transitionFields.flatMap((f) => attributeOf(f.uid, f.field)?.enum ?? []),
      ...(attributeOf('api::feedback.feedback', 'type')?.enum ?? []),
      ...(attributeOf('api::feedback.feedback', 'severity')?.enum ?? []),
    ]),
  ],
  'message.': ['pending', 'sending', 'sent', 'failed', 'held', 'cancelled'],
  // The channels a reply can go out on (the case screen).
  'case.channel.': ['email', 'sms', 'webhook'],
  // The delivery receipts the case thread names ('accepted' is not shown).
  'case.delivery.': ['delivered', 'undelivered'],
  'clock.': [...new Set(manifests.flatMap((c) => (c.slaPolicies ?? []).flatMap((p: any) => p.clocks.map((k: any) => k.field))).concat('archiveBy'))],
  'sla.clock.': [...new Set(manifests.flatMap((c) => (c.slaPolicies ?? []).flatMap((p: any) => p.clocks.map((k: any) => k.field))).concat('archiveBy'))],
  'template.': manifests.flatMap((c) => (c.templates ?? []).map((t: any) => t.id)),
  // Every item kind a manifest declares, and the kind the approval rows name improvement records by.
  'dashboard.kind.': [...manifests.flatMap((c) => (c.itemKinds ?? []).map((k: any) => k.id)), 'improvement-record'],
  'extensions.state.': ['active', 'inactive', 'disabled', 'failed'],
  'privacy.audit.action.': ['reveal', 'export', 'erase'],
  'sla.unit.': ['minutes', 'hours', 'days', 'businessHours', 'businessDays'],
  'sla.weekday.': ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  'sla.step.': ['notify-assignee', 'notify-head', 'notify-after-sales-head', 'reassign'],
  'escalation.': [...new Set(manifests.flatMap((c) => (c.slaPolicies ?? []).flatMap((p: any) => (p.escalation ?? []).map((e: any) => e.level))))],
  'approval.decision.': ['approved', 'rejected', 'waiting'],
  'reports.channel.': attributeOf('api::feedback.feedback', 'channel')?.enum ?? [],
  'error.': [...FIELD_ERROR_CODES.map((c) => c.code), ...REFUSAL_CODES, ...THROWN_FIELD_CODES],
  // Field actions and recalls: the kinds and a unit's outcomes (open until recorded).
  'fieldActions.kind.': [...FIELD_ACTION_KINDS],
  'fieldActions.outcome.': [...UNIT_OUTCOMES, 'open'],
  'sla.note.': ESCALATION_NOTE_CODES,
  // Roles shown by their translated name while they keep the name the demo (or Strapi) gave them.
  // Staff notifications: what each kind says, its name in the preferences, and the delivery choices.
  'notifications.kind.': [...NOTIFICATION_KINDS],
  'notifications.kindName.': [...NOTIFICATION_KINDS],
  'notifications.choice.': [...DELIVERY_CHOICES],
  // The work queues' built-in views and columns.
  'queues.view.': [...BUILTIN_VIEWS],
  'queues.column.': [...QUEUE_COLUMNS],
  // The care-call queue: each call's channel and the four outcomes.
  'care.channel.': attributeOf('api::care-call.care-call', 'channel')?.enum ?? [],
  'care.outcome.': attributeOf('api::care-call.care-call', 'outcome')?.enum ?? [],
  // A beta test's answers (the customer verification report).
  'beta.choice.': [...new Set(Object.values(BETA_CHOICES).flat())],
  // The supervisor's view: agents, engineers and everyone else.
  'supervisor.kind.': ['agent', 'engineer', 'other'],
  'role.': [...DEMO_ROLES.map((r) => r.code), 'strapi-super-admin', 'strapi-editor', 'strapi-author'],
};

const sourceIds = () => {
  const literal = new Set<string>();
  const built = new Map<string, string>();
  for (const file of walk(ADMIN)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:getTranslation|t)\(\s*'([^']+)'/g)) literal.add(m[1]);
    for (const m of text.matchAll(/\b(?:getTranslation|t)\(\s*`([^`]+)`/g)) {
      if (m[1].includes('${')) built.set(m[1].slice(0, m[1].indexOf('${')), path.relative(ADMIN, file));
      else literal.add(m[1]);
    }
    for (const m of text.matchAll(/`\$\{PLUGIN_ID\}\.([^`$]+)`/g)) literal.add(m[1]);
  }
  return { literal, built };
};

describe('admin translations', () => {
  it('en and zh-Hans have the same keys, none empty, with the same placeholders', () => {
    for (const [a, b] of [
      [en, zh],
      [cmEn, cmZh],
      [strapiEn, strapiZh],
    ] as Record<string, string>[][]) {
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      expect(Object.entries({ ...a, ...b }).filter(([, v]) => !v.trim())).toEqual([]);
      expect(Object.keys(a).filter((k) => placeholders(a[k]).join() !== placeholders(b[k]).join())).toEqual([]);
    }
  });

  it('every message id the after-sales admin source asks for exists in both languages', () => {
    const { literal } = sourceIds();
    expect(literal.size).toBeGreaterThan(300);
    const missing = [...literal].filter((id) => !(id in en) || !(id in zh));
    expect(missing).toEqual([]);
  });

  it('every id built from a value (action, field, option, clock, template…) exists for each value it can take', () => {
    const { built } = sourceIds();
    // A new kind of built id must say here where its values come from.
    expect([...built.keys()].filter((prefix) => !(prefix in DYNAMIC))).toEqual([]);
    const missing = [...built.keys()].flatMap((prefix) => DYNAMIC[prefix].map((v) => `${prefix}${v}`)).filter((id) => !(id in en) || !(id in zh));
    expect(missing).toEqual([]);
  });

  it('a role keeps its translated name only while it is named as the demo named it (in Chinese)', () => {
    for (const role of DEMO_ROLES) expect([role.code, (zh as Record<string, string>)[`role.${role.code}`]]).toEqual([role.code, role.name]);
  });

  it('every error code the server gives has its text in both languages, with the values the message carries', () => {
    const codes = [...FIELD_ERROR_CODES.map((c) => c.code), ...REFUSAL_CODES, ...THROWN_FIELD_CODES];
    expect(codes.filter((code) => !(`error.${code}` in en) || !(`error.${code}` in zh))).toEqual([]);
    for (const { code, pattern } of FIELD_ERROR_CODES) {
      const groups = [...pattern.source.matchAll(/\(\?<(\w+)>/g)].map((m) => m[1]).sort();
      expect([code, placeholders((en as Record<string, string>)[`error.${code}`])]).toEqual([code, groups]);
    }
  });

  it('the Chinese given for Strapi’s own strings replaces exactly Strapi’s English messages', () => {
    const own = (file: string) => {
      const loaded = require(path.join(ROOT, 'node_modules/@strapi', file));
      return (loaded.default ?? loaded) as Record<string, string>;
    };
    const admin = own('admin/dist/admin/admin/src/translations/en.json.js');
    const contentManager = own('content-manager/dist/admin/translations/en.json.js');
    const i18n = own('i18n/dist/admin/translations/en.json.js');
    // Ids Strapi asks for with only a default message in its code (no entry in its en.json).
    const defaultsOnly: Record<string, string> = { 'content-manager.plugin.name': 'Content Manager', 'search.placeholder': 'Search' };
    const strapiOwn = (id: string) =>
      defaultsOnly[id] ?? (id.startsWith('content-manager.') ? contentManager[id.slice('content-manager.'.length)] : id.startsWith('i18n.') ? i18n[id.slice('i18n.'.length)] : admin[id]);
    expect(Object.entries(strapiEn as Record<string, string>).filter(([id, text]) => strapiOwn(id) !== text)).toEqual([]);
  });

  it('the Content Manager has a label for every field, a name for every content type and a label for every option', () => {
    const expected: string[] = [];
    for (const [uid, schema] of contentTypes) {
      expected.push(schema.info.displayName);
      const fields = [...Object.keys(schema.attributes), 'id', 'documentId', 'createdAt', 'updatedAt'];
      if (schema.options?.draftAndPublish) fields.push('publishedAt');
      if (schema.pluginOptions?.i18n?.localized) fields.push('locale');
      expected.push(...fields.map((f) => `content-manager.content-types.${uid}.${f}`));
    }
    for (const [uid, schema] of [...contentTypes, ...components]) {
      for (const attribute of Object.values(schema.attributes)) expected.push(...(attribute.enum ?? []));
      if (!uid.includes('::')) expected.push(schema.info.displayName, ...Object.keys(schema.attributes).map((f) => `content-manager.content-types.${uid}.${f}`));
    }
    const missing = [...new Set(expected)].filter((id) => !(id in cmEn) || !(id in cmZh));
    expect(missing).toEqual([]);
    // The Chinese labels are Chinese, not the English copied over.
    const untranslated = Object.keys(cmZh).filter((k) => k.startsWith('content-manager.') && !/(\bID\b|^ID$)/.test((cmZh as any)[k]) && (cmZh as any)[k] === (cmEn as any)[k]);
    expect(untranslated).toEqual([]);
  });
});
