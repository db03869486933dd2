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
    expect(classify('无法开机,而且冒烟', classifiers).severity).toBe('urgent');
    expect(classify('无法开机', classifiers).severity).toBe('important');
  });

  it('suggests a type for questions and praise, nothing for plain text', () => {
    expect(classify('请问如何复位滤网?', classifiers).type).toBe('usage-question');
    expect(classify('Thank you, great service', classifiers).type).toBe('praise');
    expect(classify('xyz', classifiers)).toEqual({ matched: [] });
  });
});
