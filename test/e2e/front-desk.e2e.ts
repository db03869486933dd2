import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

describe('register a case at the front desk (zh-Hans)', () => {
  it('a routine hotline call is registered with the keyboard; the agent reads out the reference and the deadline', async () => {
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/front-desk`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '登记来电/来访' }).first().waitFor();

    // The scripted call, from the greeting to the read-out: every keyboard step is counted.
    const started = Date.now();
    let steps = 0;
    const press = async (key: string) => {
      steps += 1;
      await page.keyboard.press(key);
    };
    const type = async (text: string) => {
      steps += 1;
      await page.keyboard.type(text);
    };

    // The phone number field has the focus: the caller's number as they say it.
    await type('138 1000 8000');
    const callers = page.getByTestId('front-desk-callers');
    await callers.waitFor();
    await callers.getByRole('button', { name: '就是这位' }).first().focus();
    await press('Enter');
    await page.getByTestId('front-desk-caller').waitFor();

    await page.getByLabel('产品型号').focus();
    await press('Control+A');
    await type('SC-1');
    await press('Tab');
    await type('B2412');
    await press('Tab');
    await type('插座通电后指示灯不亮,App 里显示离线');
    await press('Tab');
    await type('昨晚停电恢复以后');
    await press('Tab');
    await type('一直如此');
    await press('Tab');
    await type('希望远程指导恢复,不行就换货');
    await page
      .getByTestId('front-desk-article')
      .first()
      .waitFor({ timeout: 5000 })
      .catch(() => undefined);
    await press('Control+Enter');

    const banner = page.getByTestId('front-desk-registered');
    try {
      await banner.waitFor({ timeout: 20000 });
    } catch (error) {
      await screenshot(page, 'front-desk-register-failure');
      throw error;
    }
    const text = await banner.innerText();
    const seconds = (Date.now() - started) / 1000;
    console.log(`front desk: routine call registered in ${steps} keyboard steps, ${seconds.toFixed(1)} s of scripted input`);
    await screenshot(page, 'front-desk-registered-zh');
    const reference = /FB-\d{8}-\d{4}/.exec(text)?.[0];
    expect(reference).toBeTruthy();
    expect(text).toContain('请告知客户');

    const admin = await adminToken('admin@demo.local');
    const found = await api(admin, `/content-manager/collection-types/api::feedback.feedback?filters[reference][$eq]=${reference}`);
    expect(found.results[0]).toMatchObject({ channel: 'hotline', batch: 'B2412', state: 'received' });
    // The page lists it among the agent's own registrations.
    await page.getByText(reference!).nth(1).waitFor();
    const documentId = found.results[0].documentId as string;

    // Exactly as a web intake of the same words: the same classification, the acknowledgement on the
    // same channel, and its tracking link opens the caller's case on the customer portal.
    const web = await fetch(`${BASE_URL}/api/after-sales/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: { kind: 'feedback', channel: 'website', customer: { name: '网站来访', phone: '+86 138 1000 8000' }, product: { model: 'SC-1' }, symptom: '插座通电后指示灯不亮,App 里显示离线' },
      }),
    });
    expect(web.status).toBe(201);
    const webReference = ((await web.json()) as { data: { reference: string } }).data.reference;
    const webItem = (await api(admin, `/content-manager/collection-types/api::feedback.feedback?filters[reference][$eq]=${webReference}`)).results[0];
    expect({ type: found.results[0].type, severity: found.results[0].severity }).toEqual({ type: webItem.type, severity: webItem.severity });
    const acknowledgement = async (id: string) => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const history = await api<{ data: { templateKey: string; channel: string; bodyText: string | null }[] }>(admin, `/after-sales/messages/api::feedback.feedback/${id}`);
        const ack = history.data.find((m) => m.templateKey === 'feedback.acknowledged');
        if (ack) return ack;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(`no acknowledgement for ${id}`);
    };
    const [deskAck, webAck] = [await acknowledgement(documentId), await acknowledgement(webItem.documentId)];
    expect(deskAck.channel).toBe(webAck.channel);
    const trackingLink = /https?:\/\/[^\s]+\/after-sales\/portal\/track\/[^\s]+/.exec(deskAck.bodyText ?? '')?.[0];
    expect(trackingLink).toBeTruthy();
    const portal = await browser.newPage();
    await portal.goto(`${BASE_URL}${new URL(trackingLink!).pathname}`);
    expect((await portal.locator('h1').innerText()).trim()).toBe(`您的工单 ${reference}`);
    await portal.close();
    expect(await page.getByTestId('front-desk-registered-case').getAttribute('href')).toContain(documentId);

    // The caller rings again: their open case is offered, and what they add goes onto it.
    const lookUp = async () => {
      await page.getByLabel('电话或姓名').fill('13810008000');
      const row = page.getByTestId('front-desk-callers').getByTestId('front-desk-open-case-row').filter({ hasText: reference! });
      await row.waitFor();
      return row;
    };
    const row = await lookUp();
    await screenshot(page, 'front-desk-open-cases-zh');
    // The open case shows the deadline the caller was promised at registration (the banner's).
    const deadline = /在 (.+) 前给您答复/.exec(text)?.[1];
    expect(deadline).toBeTruthy();
    expect(await row.getByTestId('front-desk-open-case-promise').innerText()).toBe(`承诺 ${deadline} 前答复`);
    await row.getByRole('button', { name: '补充到此工单' }).click();
    await page.getByLabel('客户补充的内容').fill('客户补充:重启路由器以后还是离线');
    await page.getByRole('button', { name: '补充到工单', exact: true }).click();
    await page.getByText(`已补充到 ${reference}`).first().waitFor();
    // What the agent reads out on the same page: the case, where it stands, the same promise.
    const extended = page.getByTestId('front-desk-extended');
    await extended.waitFor();
    await screenshot(page, 'front-desk-extended-zh');
    expect(await extended.innerText()).toContain(`请告知客户：您补充的内容已记入工单 ${reference}，目前已接收，我们会在 ${deadline} 前给您答复。`);
    // The case's reference opens the case screen, where the addition is on the conversation.
    await (await lookUp()).getByTestId('front-desk-open-case').click();
    await page.waitForURL(new RegExp(`/admin/plugins/after-sales/cases/api::feedback\\.feedback/${documentId}$`));
    await page.getByText(reference!).first().waitFor();
    await page.getByText('客户补充:重启路由器以后还是离线').first().waitFor();

    // From the caller's card, the customer page: all their cases (this one among them) and products.
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/front-desk`, { waitUntil: 'networkidle' });
    await lookUp();
    await page.getByTestId('front-desk-customer-page').first().click();
    await page.getByTestId('customer-page').waitFor();
    await page.getByText(reference!).first().waitFor();
    await screenshot(page, 'front-desk-customer-page-zh');
    await page.context().close();
  });

  it("a caller's case with another department shows its reference and state, not what it says (the agent may not read it)", async () => {
    const phone = `139${String(Date.now()).slice(-8)}`;
    const res = await fetch(`${BASE_URL}/api/after-sales/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { kind: 'feedback', channel: 'website', customer: { name: '钱多多', phone }, product: { model: 'SC-1' }, symptom: '插座冒烟,有焦味' } }),
    });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { reference: string } };
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/front-desk`, { waitUntil: 'networkidle' });
    await page.getByTestId('front-desk-lookup').fill(phone);
    const row = page.getByTestId('front-desk-callers').getByTestId('front-desk-open-case-row').filter({ hasText: data.reference });
    await row.waitFor();
    await row.getByText('由其他部门处理：可补充来电内容，但无权查看工单内容').waitFor();
    await screenshot(page, 'front-desk-other-department-zh');
    expect(await row.getByTestId('front-desk-open-case').count()).toBe(0);
    expect(await row.innerText()).not.toContain('冒烟');
    await page.context().close();
  });

  it("the classifier's suggestion is shown and pre-selected; the agent overrules the type, and what she chose is registered", async () => {
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/front-desk`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '登记来电/来访' }).first().waitFor();
    await page.getByTestId('front-desk-lookup').fill('138 1000 8000');
    await page.getByTestId('front-desk-callers').getByRole('button', { name: '就是这位' }).first().click();
    await page.getByTestId('front-desk-caller').waitFor();
    await page.getByLabel('问题现象（按客户原话记录）').fill('插座冒烟,有焦味,想问还能不能继续用');
    await page.getByTestId('front-desk-suggestion').filter({ hasText: '系统建议：产品质量问题 / 紧急' }).waitFor();
    const type = page.getByRole('combobox', { name: '类型', exact: true });
    await type.filter({ hasText: '产品质量问题' }).waitFor();
    await page.getByRole('combobox', { name: '严重程度', exact: true }).filter({ hasText: '紧急' }).waitFor();
    await screenshot(page, 'front-desk-suggestion-zh');
    await type.click();
    await page.getByRole('option', { name: '使用咨询' }).click();
    await type.filter({ hasText: '使用咨询' }).waitFor();
    await page.getByTestId('front-desk-submit').click();
    const banner = page.getByTestId('front-desk-registered');
    await banner.waitFor();
    const reference = /FB-\d{8}-\d{4}/.exec(await banner.innerText())?.[0];
    const admin = await adminToken('admin@demo.local');
    const found = await api(admin, `/content-manager/collection-types/api::feedback.feedback?filters[reference][$eq]=${reference}`);
    expect(found.results[0]).toMatchObject({ type: 'usage-question', severity: 'urgent' });
    await page.context().close();
  });

  it('a usage question is answered on the call: the article is sent, the answer typed, and the case registered, answered and closed at once', async () => {
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/front-desk`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '登记来电/来访' }).first().waitFor();
    await page.getByTestId('front-desk-lookup').fill('138 1000 8000');
    await page.getByTestId('front-desk-callers').getByRole('button', { name: '就是这位' }).first().click();
    await page.getByTestId('front-desk-caller').waitFor();
    await page.getByLabel('产品型号').fill('AP-200');
    await page.getByTestId('front-desk-symptom').fill('滤网指示灯常亮,想问怎么复位');
    const article = page.getByTestId('front-desk-article').filter({ hasText: 'AP-200 滤网指示灯常亮' });
    await article.getByRole('button', { name: '发送给客户' }).click();
    // The channel in Chinese, not its code.
    await page.getByText('文章已通过邮件发送').first().waitFor();
    const type = page.getByRole('combobox', { name: '类型', exact: true });
    await type.click();
    await page.getByRole('option', { name: '使用咨询' }).click();
    await page.getByTestId('front-desk-answer').fill('更换滤网后长按复位键 3 秒,指示灯熄灭即可');
    await page.getByText('来自已发送的文章：AP-200 滤网指示灯常亮').waitFor();
    await page.getByTestId('front-desk-answer-close').click();
    const banner = page.getByTestId('front-desk-registered');
    await banner.waitFor();
    await screenshot(page, 'front-desk-answered-on-call-zh');
    const text = await banner.innerText();
    expect(text).toContain('已当场答复并结案');
    const reference = /FB-\d{8}-\d{4}/.exec(text)?.[0];
    const admin = await adminToken('admin@demo.local');
    const found = await api(admin, `/content-manager/collection-types/api::feedback.feedback?filters[reference][$eq]=${reference}`);
    expect(found.results[0]).toMatchObject({ state: 'closed', type: 'usage-question', resolutionSummary: '更换滤网后长按复位键 3 秒,指示灯熄灭即可' });
    // The answer went to the customer, after the article.
    const history = await api<{ data: { templateKey: string }[] }>(admin, `/after-sales/messages/api::feedback.feedback/${found.results[0].documentId}`);
    expect(history.data.map((m) => m.templateKey)).toContain('feedback.answered');
    await page.context().close();
  });

  it('the agent marks a call complex at intake: the answer is promised in 48 working hours, and the banner says so', async () => {
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/front-desk`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '登记来电/来访' }).first().waitFor();
    await page.getByTestId('front-desk-lookup').fill('138 1000 8000');
    await page.getByTestId('front-desk-callers').getByRole('button', { name: '就是这位' }).first().click();
    await page.getByTestId('front-desk-caller').waitFor();
    await page.getByLabel('问题现象（按客户原话记录）').fill('打印队列偶尔卡住,需要排查驱动和固件');
    const box = page.getByRole('checkbox', { name: '复杂问题：48 个工作小时内答复' });
    expect(await box.isChecked()).toBe(false);
    await page.getByText('一般问题 24 个工作小时内答复（手册 004 二（一））').waitFor();
    await box.click();
    expect(await box.isChecked()).toBe(true);
    await page.getByTestId('front-desk-submit').click();
    const banner = page.getByTestId('front-desk-registered');
    await banner.waitFor({ timeout: 20000 });
    expect(await banner.getByTestId('front-desk-registered-complex').innerText()).toBe('复杂问题：承诺 48 个工作小时内答复。');
    const reference = /FB-\d{8}-\d{4}/.exec(await banner.innerText())?.[0];
    const admin = await adminToken('admin@demo.local');
    const found = await api(admin, `/content-manager/collection-types/api::feedback.feedback?filters[reference][$eq]=${reference}`);
    expect(found.results[0]).toMatchObject({ complex: true });
    // The box starts unticked again for the next call.
    expect(await box.isChecked()).toBe(false);
    await screenshot(page, 'front-desk-complex-zh');
    await page.context().close();
  });

  it('a complaint call (投诉) is registered with the keyboard on the same page; the agent reads out its reference and promise, and finds it among their cases', async () => {
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/front-desk`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '登记来电/来访' }).first().waitFor();
    const phone = `139${String(Date.now()).slice(-8)}`;

    // A new caller: no match for the number, so the agent types the name and the number.
    await page.keyboard.type(phone);
    await page.getByLabel('姓名（新客户）').focus();
    await page.keyboard.type('孙丽');
    await page.keyboard.press('Tab');
    await page.keyboard.type(phone);

    // The kind: 反馈 by default; Shift+Tab reaches the choice, the arrow key moves to 投诉 and Space takes it.
    const feedback = page.getByRole('radio', { name: '反馈', exact: true });
    const complaint = page.getByRole('radio', { name: '投诉', exact: true });
    expect(await feedback.isChecked()).toBe(true);
    await page.getByLabel('产品型号').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await feedback.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.activeElement?.getAttribute('value') === 'complaint');
    await page.keyboard.press(' ');
    await page.getByRole('radio', { name: '投诉', exact: true, checked: true }).waitFor({ timeout: 5000 });
    expect(await complaint.isChecked()).toBe(true);
    // The feedback-only fields are gone; the complaint's own are there.
    expect(await page.getByLabel('批次').count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: '复杂问题：48 个工作小时内答复' }).count()).toBe(0);

    await page.keyboard.press('Tab');
    await page.keyboard.type('SC-1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('SO-20261204');
    await page.keyboard.press('Tab');
    await page.keyboard.type('插座维修了三次还是断电,售后一直推脱');
    await page.keyboard.press('Tab');
    await page.keyboard.type('退货并退款');
    await page.keyboard.press('Tab');
    // 投诉性质: opened, chosen and closed with the keyboard.
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: '严重' }).waitFor();
    // Nothing chosen yet: the first option (严重) has the focus.
    await page.keyboard.press('Enter');
    await page.getByRole('combobox', { name: '投诉性质' }).filter({ hasText: '严重' }).waitFor();
    await screenshot(page, 'front-desk-complaint-form-zh');
    await page.keyboard.press('Control+Enter');

    const banner = page.getByTestId('front-desk-registered');
    try {
      await banner.waitFor({ timeout: 20000 });
    } catch (error) {
      await screenshot(page, 'front-desk-complaint-failure');
      throw error;
    }
    const text = await banner.innerText();
    await screenshot(page, 'front-desk-complaint-registered-zh');
    const reference = /CP-\d{8}-\d{4}/.exec(text)?.[0];
    expect(reference).toBeTruthy();
    expect(text).toContain('请告知客户');
    expect(text).toContain('前给您答复');
    expect(text).not.toContain('—');

    const admin = await adminToken('admin@demo.local');
    const found = await api(admin, `/content-manager/collection-types/api::complaint.complaint?filters[reference][$eq]=${reference}`);
    expect(found.results[0]).toMatchObject({
      channel: 'hotline',
      state: 'registered',
      seriousness: 'serious',
      description: '插座维修了三次还是断电,售后一直推脱',
      customerDemand: '退货并退款',
      orderNumber: 'SO-20261204',
    });
    const documentId = found.results[0].documentId as string;
    expect(await page.getByTestId('front-desk-registered-case').getAttribute('href')).toContain(`api::complaint.complaint/${documentId}`);
    // The form is back to feedback for the next call.
    expect(await feedback.isChecked()).toBe(true);
    // Among the agent's registrations, marked 投诉; its reference opens the case screen.
    const row = page.getByTestId('front-desk-mine-row').filter({ hasText: reference! });
    await row.waitFor();
    expect(await row.innerText()).toContain('投诉');
    await row.getByRole('link', { name: reference! }).click();
    await page.waitForURL(new RegExp(`/admin/plugins/after-sales/cases/api::complaint\\.complaint/${documentId}$`));
    await page.getByText(reference!).first().waitFor();
    await page.context().close();
  });
});
