import { addErrorCodes } from '../codes';
import { languageOf, localiseError, type Catalogue } from '../localise';

const catalogue: Catalogue = {
  error: (code) => ({ 'number-range': '必须是 {min} 到 {max} 之间的整数', 'edit-conflict': '他人修改了它(当前为第 {version} 版)', 'not-found': '此条目已不存在' })[code],
  field: (name) => ({ satisfactionScore: '满意度' })[name],
  labelled: (label, value) => `${label}：${value}`,
};

describe('refusals in the admin user’s language', () => {
  it('takes the profile’s language first, then the browser’s, else English', () => {
    expect(languageOf('zh-Hans', 'en-US')).toBe('zh-Hans');
    expect(languageOf('en', 'zh-CN,zh;q=0.9')).toBe('en');
    expect(languageOf(null, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-Hans');
    expect(languageOf(undefined, 'fr-FR,en;q=0.5,zh;q=0.4')).toBe('en');
    expect(languageOf('', 'en;q=0.2,zh-TW;q=0.9')).toBe('zh-Hans');
    expect(languageOf('fr', undefined)).toBe('en');
    expect(languageOf(null, '*')).toBe('en');
  });

  it('writes each known field error and the whole message in Chinese, keeping codes, values and what it does not know', () => {
    const error = { message: 'satisfactionScore: must be a whole number from 1 to 5', details: { errors: [{ path: ['data', 'satisfactionScore'], message: 'must be a whole number from 1 to 5' }] } };
    addErrorCodes(error);
    localiseError(error, catalogue);
    expect(error.message).toBe('满意度：必须是 1 到 5 之间的整数');
    expect(error.details.errors[0]).toMatchObject({ message: '必须是 1 到 5 之间的整数', code: 'number-range', values: { min: '1', max: '5' } });

    const partly = {
      message: 'a; b',
      details: {
        errors: [
          { path: ['satisfactionScore'], message: 'must be a whole number from 1 to 5', code: 'number-range', values: { min: 1, max: 5 } },
          { path: ['x'], message: 'something new' },
        ],
      },
    };
    localiseError(partly, catalogue);
    expect(partly.message).toBe('a; b');
    expect(partly.details.errors.map((e) => e.message)).toEqual(['必须是 1 到 5 之间的整数', 'something new']);
  });

  it('a refusal’s code gives the whole message, with the values of its details', () => {
    const conflict = {
      message: 'Someone changed this item after you opened it (it is now at version 7).',
      details: { code: 'edit-conflict', current: { version: 7 }, errors: [{ path: ['version'], message: 'Someone changed…' }] },
    };
    localiseError(conflict, catalogue);
    expect(conflict.message).toBe('他人修改了它(当前为第 7 版)');
    expect(conflict.details.errors[0].message).toBe('Someone changed…');

    const gone: { message: string; details?: Record<string, unknown> } = { message: 'No such record' };
    addErrorCodes(gone);
    expect(gone.details).toEqual({ code: 'not-found' });
    localiseError(gone, catalogue);
    expect(gone.message).toBe('此条目已不存在');
    expect(() => localiseError(null, catalogue)).not.toThrow();
  });
});
