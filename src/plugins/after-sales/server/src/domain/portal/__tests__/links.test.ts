import { fillLinkTemplate, redactLinkKeys, surveyLink, trackingLink } from '../links';

describe('customer links', () => {
  it('points to the portal pages', () => {
    expect(trackingLink('http://localhost:1337/', 'FB-20260302-0001', 'ab_c-D')).toBe('http://localhost:1337/after-sales/portal/track/FB-20260302-0001/ab_c-D');
    expect(surveyLink('https://crm.example.com', 'tok')).toBe('https://crm.example.com/after-sales/portal/survey/tok');
  });

  it('fills a configured template, or leaves the choice to the portal', () => {
    expect(fillLinkTemplate('https://shop.example.com/survey?t={token}', { token: 'a b' })).toBe('https://shop.example.com/survey?t=a%20b');
    expect(fillLinkTemplate('https://x/{reference}/{token}', { token: 't', reference: 'FB-1' })).toBe('https://x/FB-1/t');
    expect(fillLinkTemplate('', { token: 't' })).toBeNull();
  });

  it('keeps keys out of log lines', () => {
    expect(redactLinkKeys('GET /after-sales/portal/track/FB-20260302-0001/s3cr3tKEY?lang=en (3 ms) 200')).toBe('GET /after-sales/portal/track/FB-20260302-0001/[key]?lang=en (3 ms) 200');
    expect(redactLinkKeys('POST /after-sales/portal/survey/s3cr3t (3 ms) 303')).toBe('POST /after-sales/portal/survey/[key] (3 ms) 303');
    expect(redactLinkKeys('GET /api/after-sales/surveys/s3cr3t (3 ms) 200')).toBe('GET /api/after-sales/surveys/[key] (3 ms) 200');
    expect(redactLinkKeys('GET /api/after-sales/track/FB-1?locale=en&token=s3cr3t (3 ms) 200')).toBe('GET /api/after-sales/track/FB-1?locale=en&token=[key] (3 ms) 200');
    expect(redactLinkKeys('GET /after-sales/cases/api::feedback.feedback/abc (3 ms) 200')).toBe('GET /after-sales/cases/api::feedback.feedback/abc (3 ms) 200');
  });
});
