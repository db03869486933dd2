import { articleHtml, excerptOf } from '../article-html';

describe('article HTML', () => {
  it('renders Markdown: paragraphs, lists, emphasis, headings below the page title', () => {
    const html = articleHtml('## 步骤\n\n1. 关机\n2. **长按** 5 秒\n\n完成');
    expect(html).toContain('<h3>步骤</h3>');
    expect(html).toContain('<ol>\n<li>关机</li>\n<li><strong>长按</strong> 5 秒</li>\n</ol>');
    expect(html).toContain('<p>完成</p>');
  });

  it('escapes raw HTML and drops dangerous link schemes', () => {
    const html = articleHtml('<script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](data:text/html,x) ![c](vbscript:x) "q" & \'s\'');
    expect(html).not.toMatch(/<script|<img src=x|href="javascript|href="data|src="vbscript/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&amp;');
  });

  it('marks links nofollow without a referrer and keeps http(s) links', () => {
    expect(articleHtml('[manual](https://example.com/m?a=1&b=2)')).toContain('<a href="https://example.com/m?a=1&amp;b=2" rel="nofollow noopener noreferrer">manual</a>');
  });

  it('makes nothing of nothing', () => {
    expect(articleHtml(null)).toBe('');
    expect(articleHtml('')).toBe('');
  });
});

describe('excerpt', () => {
  it('keeps short text and cuts long text with an ellipsis', () => {
    expect(excerptOf('  a\n b ')).toBe('a b');
    expect(excerptOf('word '.repeat(60), 20)).toBe('word word word word…');
    expect(excerptOf('电'.repeat(30), 10)).toBe(`${'电'.repeat(10)}…`);
  });
});
