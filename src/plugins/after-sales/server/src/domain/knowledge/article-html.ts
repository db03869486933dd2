import MarkdownIt from 'markdown-it';

/**
 * A knowledge article's solution is Markdown (the Content Manager's rich-text field). It is shown to
 * customers as HTML made by markdown-it with raw HTML switched off: every `<`, `&` and quote typed
 * by an editor is escaped, and links and images keep only the schemes markdown-it allows (no
 * `javascript:`, `vbscript:`, `file:`, no `data:` but images). Links open as plain links, marked
 * `nofollow` and without a referrer; headings are shifted below the page's own `h1`.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });

const renderToken = markdown.renderer.renderToken.bind(markdown.renderer);
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index].attrSet('rel', 'nofollow noopener noreferrer');
  return self.renderToken(tokens, index, options);
};
const shiftHeading = (tokens: Parameters<typeof renderToken>[0], index: number, options: Parameters<typeof renderToken>[2]) => {
  const level = Math.min(Number(tokens[index].tag.slice(1)) + 1, 6);
  tokens[index].tag = `h${level}`;
  return renderToken(tokens, index, options);
};
markdown.renderer.rules.heading_open = (tokens, index, options) => shiftHeading(tokens, index, options);
markdown.renderer.rules.heading_close = (tokens, index, options) => shiftHeading(tokens, index, options);
markdown.renderer.rules.image = (tokens, index, options, env, self) => {
  const token = tokens[index];
  token.attrSet('alt', self.renderInlineAsText(token.children ?? [], options, env));
  token.attrSet('loading', 'lazy');
  return self.renderToken(tokens, index, options);
};

/** Safe HTML for an article's Markdown text (empty for none). */
export const articleHtml = (text: string | null | undefined): string => (text ? markdown.render(text) : '');

/** The first `max` characters of an article's plain text (for lists and search results), on a word or character boundary. */
export const excerptOf = (text: string | null | undefined, max = 140): string => {
  const plain = (text ?? '').replace(/\s+/g, ' ').trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
};
