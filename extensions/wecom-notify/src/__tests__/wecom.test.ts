import { checkRobotAnswer, isRobotUrl, MAX_CONTENT_BYTES, robotMessage, truncateUtf8 } from '../wecom';

describe('the WeCom group-robot message', () => {
  it('is a text message: subject, text and reference, @all only when asked', () => {
    expect(robotMessage({ subject: '新投诉 CP-20261201-0001', text: '客户反映热水器漏水', reference: 'CP-20261201-0001' }, { mentionAll: false })).toEqual({
      msgtype: 'text',
      text: { content: '新投诉 CP-20261201-0001\n\n客户反映热水器漏水\n\n[CP-20261201-0001]' },
    });
    expect(robotMessage({ subject: null, text: 'x', reference: null }, { mentionAll: true })).toEqual({ msgtype: 'text', text: { content: 'x', mentioned_list: ['@all'] } });
  });

  it('keeps the content within 2048 bytes of UTF-8 without splitting a character', () => {
    const long = '漏'.repeat(1000); // 3000 bytes
    const content = robotMessage({ subject: null, text: long, reference: null }, { mentionAll: false }).text.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(MAX_CONTENT_BYTES);
    expect(content.endsWith('漏…')).toBe(true);
    expect(truncateUtf8('abc', 3)).toBe('abc');
    expect(truncateUtf8('abcd', 3)).toBe('…');
  });

  it('reads the robot answer: errcode 0 is success, anything else a failure to retry', () => {
    expect(checkRobotAnswer(200, { errcode: 0, errmsg: 'ok' })).toBeNull();
    expect(checkRobotAnswer(200, { errcode: 93000, errmsg: 'invalid webhook url' })).toBe('the WeCom robot refused the message: errcode 93000 invalid webhook url');
    expect(checkRobotAnswer(502, null)).toBe('the WeCom robot answered HTTP 502');
    expect(checkRobotAnswer(200, null)).toBe('the WeCom robot refused the message: errcode undefined');
  });

  it('accepts only http(s) URLs as recipients', () => {
    expect(isRobotUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc')).toBe(true);
    expect(isRobotUrl('13800138000')).toBe(false);
    expect(isRobotUrl('file:///etc/passwd')).toBe(false);
  });
});
