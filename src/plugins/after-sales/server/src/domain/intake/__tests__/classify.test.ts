import { classify } from '../classify';
import classifierManifest from '../../../extensions/classifier/package.json';

const classifiers = classifierManifest.afterSales.contributes.classifiers as any;

describe('keyword classification', () => {
  it('marks safety risks urgent, in Chinese and English', () => {
    expect(classify('插座冒烟了,有焦味', classifiers)).toMatchObject({ severity: 'urgent', type: 'quality' });
    expect(classify('The heater caught FIRE', classifiers)).toMatchObject({ severity: 'urgent', type: 'quality' });
    expect(classify('after the update we had data loss', classifiers)).toMatchObject({ severity: 'urgent' });
  });

  it('the most severe match wins', () => {
    expect(classify('打印速度低于标称值,而且冒烟', classifiers).severity).toBe('urgent');
    expect(classify('有异响,打印速度低于标称值', classifiers).severity).toBe('important');
  });

  // 004 二(二): 紧急问题:涉及安全隐患、功能失效导致客户无法正常使用(如设备停机、数据丢失);
  // 重要问题:影响核心功能体验但非致命(如打印速度低于标称值20%); 一般问题:次要功能缺陷或使用不便
  // (如APP界面操作步骤稍多); 建议类:客户提出的优化建议(如增加多语言支持).
  it.each([
    ['存在安全隐患,插头发烫', 'urgent'],
    ['功能失效,客户无法正常使用', 'urgent'],
    ['设备停机,产线停了', 'urgent'],
    ['升级后数据丢失', 'urgent'],
    ['无法开机', 'urgent'],
    ['The machine stopped working and cannot be used', 'urgent'],
    ['打印速度低于标称值20%', 'important'],
    ['Printing is 20% below spec', 'important'],
    ['APP界面操作步骤稍多', 'general'],
    ['The app is inconvenient: too many steps', 'general'],
    ['希望增加多语言支持', 'suggestion'],
    ['Could you add multi-language support?', 'suggestion'],
  ])("grades the manual's example %j as %s", (text, severity) => {
    expect(classify(text, classifiers).severity).toBe(severity);
  });

  it('suggests a type for questions and praise, nothing for plain text', () => {
    expect(classify('请问如何复位滤网?', classifiers).type).toBe('usage-question');
    expect(classify('Thank you, great service', classifiers).type).toBe('praise');
    expect(classify('xyz', classifiers)).toEqual({ matched: [] });
  });
});
