import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot, send } from './browser';

/**
 * Issue 25 item 3, in Chinese: the after-sales manager opens an approved improvement record, sees
 * the 现场行动与召回 panel start from the model and batch, previews the affected units (the
 * owners of that batch only), starts an on-site replacement, and follows the progress figure as one
 * unit is recorded done.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const IMPROVEMENT = 'api::improvement-record.improvement-record';
const SERVICE_RECORD = 'api::service-record.service-record';
const MODEL = 'RC-9X';
const BATCH = 'B2611';

const ok = async (token: string, method: string, url: string, body?: unknown) => {
  const res = await send(token, method, url, body);
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const step = async (token: string, documentId: string, action: string, extra: Record<string, unknown> = {}) => {
  const { data } = await api(token, `/after-sales/workflows/${IMPROVEMENT}/${documentId}/actions`);
  return ok(token, 'POST', `/after-sales/workflows/${IMPROVEMENT}/${documentId}/actions/${action}`, { version: data.version, ...extra });
};

describe('field actions and recalls (zh-Hans)', () => {
  it('a manager starts a recall of one batch from an approved improvement record and follows its progress', async () => {
    const admin = await adminToken('admin@demo.local');
    const manager = await adminToken('manager@demo.local');
    const product = (await ok(manager, 'POST', `/content-manager/collection-types/api::product.product`, { modelCode: MODEL, name: '扫地机器人 RC-9X', warrantyMonths: 12 })).data;
    const owners: Record<string, string> = {};
    for (const [key, name, batch, serial] of [
      ['a', '孙丽', BATCH, 'SN-9X-0001'],
      ['b', '周杰', BATCH, 'SN-9X-0002'],
      ['c', '吴昊', 'B2612', 'SN-9X-0500'],
    ]) {
      const customer = (await ok(manager, 'POST', '/content-manager/collection-types/api::customer.customer', { name, email: `${key}.rc9x@example.cn`, locale: 'zh-Hans' })).data;
      owners[key] = customer.documentId;
      await ok(manager, 'POST', `/content-manager/collection-types/${SERVICE_RECORD}`, {
        kind: 'installation',
        customer: { connect: [{ documentId: customer.documentId }] },
        product: { connect: [{ documentId: product.documentId }] },
        batch,
        serialNumber: serial,
      });
    }
    // The improvement record of the issue, its plan proposed and approved by the three heads.
    const record = (
      await ok(admin, 'POST', `/content-manager/collection-types/${IMPROVEMENT}`, {
        title: `${MODEL} / ${BATCH}: 零部件批次问题`,
        batch: BATCH,
        product: { connect: [{ documentId: product.documentId }] },
      })
    ).data;
    const me = (await api(manager, '/admin/users/me')).data;
    const due = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await ok(manager, 'PUT', `/after-sales/improvements/${record.documentId}/plan`, {
      actions: [
        { term: 'short', action: `上门更换 ${BATCH} 批次滚刷电机`, ownerId: me.id, dueDate: due },
        { term: 'long', action: '更换电机供应商并加严来料检验', ownerId: me.id, dueDate: due },
      ],
    });
    await step(manager, record.documentId, 'propose-plan', {
      data: {
        rootCause: `${BATCH} 批次滚刷电机轴承不良`,
        shortTermFix: '上门更换滚刷电机',
        shortTermOwner: me.id,
        shortTermDueDate: due,
        longTermPlan: '更换电机供应商',
        longTermOwner: me.id,
        longTermDueDate: due,
      },
    });
    for (const head of ['editor@demo.local', 'engineer@demo.local', 'quality@demo.local']) await step(await adminToken(head), record.documentId, 'approve-plan');

    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/cases/${encodeURIComponent(IMPROVEMENT)}/${record.documentId}`, { waitUntil: 'networkidle' });
    const panel = page.getByTestId('field-actions');
    await panel.getByRole('heading', { name: '现场行动与召回' }).waitFor();
    await panel.getByText('尚未发起现场行动。').waitFor();
    // The form starts from the model and batch.
    expect(await panel.getByLabel('型号').inputValue()).toBe(MODEL);
    expect(await panel.getByLabel('批次').inputValue()).toBe(BATCH);
    await panel.getByRole('combobox', { name: '方式' }).click();
    await page.getByRole('option', { name: '寄修' }).waitFor();
    await page.getByRole('option', { name: '上门更换' }).click();
    await panel.getByLabel('服务记录备注').fill('携带新滚刷电机');

    await panel.getByRole('button', { name: '预览受影响设备' }).click();
    const preview = panel.getByTestId('field-actions-preview');
    await preview.getByText('共 2 台设备，涉及 2 位客户；其中 2 台尚未跟进。').waitFor();
    await preview.getByText('孙丽').waitFor();
    expect(await preview.getByText('吴昊').count()).toBe(0);

    await panel.getByRole('button', { name: '发起现场行动' }).click();
    await panel.getByTestId('field-actions-message').getByText('已生成 2 条服务记录；已通知 2 位客户，0 位需电话联系。').waitFor();
    const progress = panel.getByTestId('field-actions-progress');
    await progress.getByText('已完成 0/2（0%）· 拒绝 0 · 无法联系 0 · 待处理 2').waitFor();

    // Exactly the owners of the batch have a service record of the recall.
    const shown = (await api(manager, `/after-sales/improvements/${record.documentId}/field-actions`)).data;
    const units = shown.fieldActions[0].units as { customer: { documentId: string }; serviceRecord: { reference: string }; notifiedChannel: string }[];
    expect(units.map((u) => u.customer.documentId).sort()).toEqual([owners.a, owners.b].sort());
    expect(units.map((u) => u.notifiedChannel)).toEqual(['email', 'email']);

    // Started again: nothing new.
    await panel.getByRole('button', { name: '发起现场行动' }).click();
    await panel.getByTestId('field-actions-message').getByText('该范围内的设备均已在跟进中（2 台），未新建任何记录。').waitFor();

    // One unit recorded done; a refusal without a note is refused, naming the field.
    const first = units[0].serviceRecord.reference;
    await panel.getByRole('button', { name: `客户拒绝 ${units[1].serviceRecord.reference}` }).click();
    await panel.getByTestId('field-actions-message').getByText(/备注/).waitFor();
    await panel.getByRole('button', { name: `已完成 ${first}` }).click();
    await progress.getByText('已完成 1/2（50%）· 拒绝 0 · 无法联系 0 · 待处理 1').waitFor();
    await panel.getByRole('link', { name: first }).waitFor();
    await screenshot(page, 'field-actions-zh');
    await page.context().close();
  });
});
