import Handlebars from 'handlebars';
import type { PortalRequest, PortalRoute } from '../page';
import { MESSAGES } from '../i18n';
import { parseLocale, type PortalLocale } from '../locale';
import { HELP_ARTICLE_VIEW, HELP_HOME_VIEW, HELP_LIST_VIEW, HELP_VOTE_REFUSED_VIEW } from '../views/help';
import { articleHtml, excerptOf } from '../../../domain/knowledge/article-html';
import { checkVoteToken, issueVoteToken, type VoteSubject } from '../../../domain/knowledge/vote-token';

/**
 * The help center (`/after-sales/portal/help…`): the published knowledge base by category and by
 * product, its search (the knowledge-base search, product filter included), the article page and
 * its "was this helpful" vote, which works without JavaScript (a form POST, then back to the article)
 * and without cookies (a short-lived vote token in the form, see domain/knowledge/vote-token.ts).
 * Only published articles in the page's language, only the fields a customer may read.
 */
const PAGE_SIZE = 20;
const MAX_QUERY = 200;
const MAX_NAME = 100;

const encode = encodeURIComponent;

/** A category's name in the customer's language when we have one (`help.category.<name>`), else as the editors wrote it. */
const categoryLabel = (locale: PortalLocale, category: string) => MESSAGES[locale][`help.category.${category}`] ?? category;

/** The key signing vote tokens: the plugin's pseudonym key (AFTER_SALES_PSEUDONYM_KEY), else Strapi's own secrets. */
const voteSecret = (page: PortalRequest): string =>
  page.strapi.config.get<string>('plugin::after-sales.pseudonymKey', '') ||
  page.strapi.config.get<string>('admin.secrets.encryptionKey', '') ||
  (page.strapi.config.get<string[]>('server.app.keys') ?? [])[0] ||
  'after-sales';

/** Who votes, as far as a cookieless page can tell: the client address key and the browser. Only ever hashed. */
const visitorOf = (page: PortalRequest) => `${page.api.rateLimits.clientKey(page.ctx)}\u0000${(page.ctx.get('user-agent') || '').slice(0, 300)}`;

const text = (value: unknown, max: number): string | null => (typeof value === 'string' && value.length <= max && !value.includes('\u0000') ? value.trim() : null);

const pageNumber = (value: unknown) => (typeof value === 'string' && /^\d{1,4}$/.test(value) && Number(value) >= 1 ? Number(value) : 1);

const listing = (page: PortalRequest, articles: { title: string; slug: string; problem: string }[]) =>
  articles.map((a) => ({ title: a.title, href: page.href(`/help/articles/${encode(a.slug)}`), excerpt: excerptOf(a.problem) }));

const pager = (page: PortalRequest, path: string, current: number, total: number) => {
  const last = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (last === 1) return null;
  const at = (n: number) => page.href(`${path}${n > 1 ? `?page=${n}` : ''}`);
  return { previous: current > 1 ? at(current - 1) : null, next: current < last ? at(current + 1) : null };
};

const searchForm = async (page: PortalRequest, query: string, product: string | null) => {
  const topics = await page.api.knowledge.topics(page.locale);
  return {
    searchAction: '/after-sales/portal/help/search',
    query,
    products: topics.products.map((p) => ({ model: p.model, name: p.name, selected: p.model === product })),
  };
};

/** A list of one category's or one product's articles. */
const topicPage = async (page: PortalRequest, filter: { category?: string; product?: string }, path: string, title: string) => {
  const current = pageNumber(page.ctx.query?.page);
  const { articles, total } = await page.api.knowledge.articles({ locale: page.locale, ...filter, limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE });
  if (!total) return page.notFound();
  await page.render({
    view: HELP_LIST_VIEW,
    title: 'help.list.title',
    titleValues: { name: title },
    data: { helpHref: page.href('/help'), articles: listing(page, articles), summary: page.t('help.list.count', { count: total }), pager: pager(page, path, current, total) },
  });
};

export const helpRoutes: PortalRoute[] = [
  {
    method: 'GET',
    path: '/help',
    name: 'helpHome',
    limit: 'read',
    async handle(page) {
      const topics = await page.api.knowledge.topics(page.locale);
      await page.render({
        view: HELP_HOME_VIEW,
        title: 'help.title',
        data: {
          ...(await searchForm(page, '', null)),
          categories: topics.categories.map((c) => ({ label: categoryLabel(page.locale, c.category), count: c.count, href: page.href(`/help/categories/${encode(c.category)}`) })),
          productTopics: topics.products.map((p) => ({ model: p.model, name: p.name, count: p.count, href: page.href(`/help/products/${encode(p.model)}`) })),
        },
      });
    },
  },
  {
    method: 'GET',
    path: '/help/search',
    name: 'helpSearch',
    limit: 'read',
    async handle(page) {
      const q = text(page.ctx.query?.q ?? '', MAX_QUERY);
      const productParam = page.ctx.query?.product;
      const product = productParam === undefined || productParam === '' ? null : text(productParam, 64);
      const invalid = q === null || (productParam !== undefined && productParam !== '' && !product);
      const errorKey = invalid ? 'help.search.invalid' : !q ? 'help.search.empty' : null;
      const hits = errorKey ? [] : await page.api.knowledge.search({ q: q as string, locale: page.locale, product: product ?? undefined, limit: PAGE_SIZE });
      await page.render({
        view: HELP_LIST_VIEW,
        title: 'help.search.title',
        status: invalid ? 400 : 200,
        data: {
          helpHref: page.href('/help'),
          showSearch: true,
          ...(await searchForm(page, q ?? '', product)),
          errorKey,
          summary: errorKey ? null : page.t('help.search.count', { count: hits.length, query: q as string }),
          articles: listing(page, hits),
        },
      });
    },
  },
  {
    method: 'GET',
    path: '/help/categories/:category',
    name: 'helpCategory',
    limit: 'read',
    async handle(page) {
      const category = text(page.ctx.params.category, MAX_NAME);
      if (!category) return page.notFound();
      await topicPage(page, { category }, `/help/categories/${encode(category)}`, categoryLabel(page.locale, category));
    },
  },
  {
    method: 'GET',
    path: '/help/products/:model',
    name: 'helpProduct',
    limit: 'read',
    async handle(page) {
      const model = text(page.ctx.params.model, 64);
      if (!model) return page.notFound();
      const topics = await page.api.knowledge.topics(page.locale);
      const known = topics.products.find((p) => p.model === model);
      if (!known) return page.notFound();
      await topicPage(page, { product: model }, `/help/products/${encode(model)}`, `${known.model} · ${known.name}`);
    },
  },
  {
    method: 'GET',
    path: '/help/articles/:slug',
    name: 'helpArticle',
    limit: 'read',
    async handle(page) {
      const slug = text(page.ctx.params.slug, 200);
      if (!slug) return page.notFound();
      // A slug belongs to one language, and the page speaks it; only a `?lang=` asking for another one
      // sends the reader to that language's version of the article (when there is one).
      const asked = parseLocale(page.ctx.query?.lang);
      const article = (asked ? await page.api.knowledge.article(slug, asked) : null) ?? (await page.api.knowledge.article(slug));
      if (!article) return page.notFound();
      const translated = asked && asked !== article.locale ? article.translations.find((t) => t.locale === asked) : null;
      if (translated) return page.redirect(`/help/articles/${encode(translated.slug)}`);
      const locale = article.locale === 'en' ? 'en' : 'zh-Hans';
      const subject: VoteSubject = { documentId: article.documentId, locale: article.locale, visitor: visitorOf(page) };
      const at = (path: string) => `/after-sales/portal${path}?lang=${locale}`;
      await page.render({
        view: HELP_ARTICLE_VIEW,
        title: 'help.article.title',
        titleValues: { title: article.title },
        locale,
        data: {
          article,
          total: article.helpful + article.notHelpful,
          solutionHtml: new Handlebars.SafeString(articleHtml(article.solution)),
          helpHref: at('/help'),
          category: article.category ? { label: categoryLabel(locale, article.category), href: at(`/help/categories/${encode(article.category)}`) } : null,
          products: article.products.map((p) => ({ model: p.model, href: at(`/help/products/${encode(p.model)}`) })),
          voted: page.ctx.query?.voted === '1',
          voteAction: at(`/help/articles/${encode(article.slug)}/vote`),
          voteToken: issueVoteToken(voteSecret(page), subject, Date.now()),
        },
      });
    },
  },
  {
    method: 'POST',
    path: '/help/articles/:slug/vote',
    name: 'helpVote',
    limit: 'write',
    async handle(page) {
      const slug = text(page.ctx.params.slug, 200);
      // The form's address names the article's language (`?lang=`), which tells apart two versions sharing a slug.
      const article = slug ? ((await page.api.knowledge.article(slug, page.locale)) ?? (await page.api.knowledge.article(slug))) : null;
      if (!article) return page.notFound();
      const articleHref = page.href(`/help/articles/${encode(article.slug)}`);
      const refuse = (status: number, textKey: string) => page.render({ view: HELP_VOTE_REFUSED_VIEW, title: 'help.vote.refusedTitle', status, data: { textKey, articleHref } });
      const limits = page.api.rateLimits.limits();
      const verdict = await page.api.rateLimits.hit(`portal:vote:ip:${page.api.rateLimits.clientKey(page.ctx)}`, limits.votePerIp);
      if (!verdict.allowed) {
        page.ctx.set('Retry-After', String(verdict.retryAfterSeconds));
        return refuse(429, 'error.tooMany.text');
      }
      const body = (page.ctx.request.body ?? {}) as Record<string, unknown>;
      if (body.helpful !== 'yes' && body.helpful !== 'no') return refuse(400, 'help.vote.invalid');
      const now = Date.now();
      const check = checkVoteToken(voteSecret(page), body.token, { documentId: article.documentId, locale: article.locale, visitor: visitorOf(page) }, now);
      if (!check.ok) return refuse(400, check.reason === 'expired' ? 'help.vote.expired' : 'help.vote.invalid');
      await page.api.knowledge.castVote({ slug: article.slug, locale: article.locale, helpful: body.helpful === 'yes', voter: check.voter, now });
      page.redirect(`/help/articles/${encode(article.slug)}?voted=1`);
    },
  },
];
