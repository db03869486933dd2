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
});
