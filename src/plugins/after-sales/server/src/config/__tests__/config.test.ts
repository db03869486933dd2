import config, { configProblems } from '../index';

describe('plugin configuration', () => {
  it('accepts the defaults', () => {
    expect(configProblems(config.default())).toEqual([]);
    expect(() => config.validator(config.default())).not.toThrow();
  });

  it('names the setting and its environment variable for every bad value, all at once', () => {
    const bad = {
      ...config.default(),
      dispatchIntervalMs: Number.NaN,
      extensionPollMs: -1,
      timeZone: 'Mars/Olympus',
      dispatcher: 'yes' as unknown as boolean,
      rateLimits: { ...config.default().rateLimits, votePerIpPerMinute: 0 },
    };
    expect(configProblems(bad)).toEqual([
      '"timeZone" (AFTER_SALES_TIME_ZONE) must be an IANA time zone such as Asia/Shanghai, got "Mars/Olympus"',
      '"dispatcher" (AFTER_SALES_DISPATCHER) must be true or false ("on" or "off" in the variable), got "yes"',
      '"dispatchIntervalMs" (AFTER_SALES_DISPATCH_INTERVAL_MS) must be a whole number above 0, got NaN',
      '"extensionPollMs" (AFTER_SALES_EXTENSION_POLL_MS) must be a whole number, 0 or more, got -1',
      '"rateLimits.votePerIpPerMinute" (AFTER_SALES_RATE_LIMIT_VOTE_PER_IP) must be a whole number above 0, got 0',
    ]);
    expect(() => config.validator(bad)).toThrow(/after-sales config is invalid:\n {2}"timeZone" \(AFTER_SALES_TIME_ZONE\)/);
  });

  it('allows 0 for the extension poll (switches read at start only)', () => {
    expect(configProblems({ ...config.default(), extensionPollMs: 0 })).toEqual([]);
  });

  it('refuses a short CAPTCHA key without printing it, and widget origins that are not origins', () => {
    const bad = { ...config.default(), altcha: { hmacKey: 'short-secret', cost: 0, maxCounter: 10 }, widgetOrigins: ['https://shop.example.cn', 'https://shop.example.cn/form', '*'] };
    const problems = configProblems(bad);
    expect(problems).toEqual([
      '"altcha.hmacKey" (AFTER_SALES_ALTCHA_HMAC_KEY) must be a random secret of at least 32 characters, got 12 characters',
      '"altcha.cost" (AFTER_SALES_ALTCHA_COST) must be a whole number above 0, got 0',
      expect.stringMatching(/^"widgetOrigins" \(AFTER_SALES_WIDGET_ORIGINS\) must be a list of origins/),
    ]);
    expect(problems.join('\n')).not.toContain('short-secret');
    expect(configProblems({ ...config.default(), altcha: { hmacKey: 'k'.repeat(32), cost: 1, maxCounter: 1 }, widgetOrigins: ['http://127.0.0.1:1405'] })).toEqual([]);
  });
});
