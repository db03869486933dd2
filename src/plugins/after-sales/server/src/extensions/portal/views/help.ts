import { defineView } from '../render';

/**
 * The help center's views. `articleList` is the shared list of article links (title and the start
 * of the problem); the solution arrives as HTML already made safe (domain/knowledge/article-html.ts).
 */
const SEARCH_FORM = `<form class="search" method="get" action="{{searchAction}}" role="search">
<input type="hidden" name="lang" value="{{locale}}">
<label for="help-q">{{t "help.search.label"}}</label>
<input id="help-q" type="search" name="q" value="{{query}}" maxlength="200" required>
{{#if products.length}}<label for="help-product">{{t "help.search.product"}}</label>
<select id="help-product" name="product"><option value="">{{t "help.search.anyProduct"}}</option>{{#each products}}<option value="{{model}}"{{#if selected}} selected{{/if}}>{{model}} · {{name}}</option>{{/each}}</select>{{/if}}
<button type="submit">{{t "help.search.submit"}}</button>
</form>`;

const ARTICLE_LIST = `<ul class="articles">{{#each articles}}<li><a href="{{href}}">{{title}}</a>{{#if excerpt}}<span class="muted">{{excerpt}}</span>{{/if}}</li>{{/each}}</ul>`;

export const HELP_HOME_VIEW = defineView(
  'help-home',
  `<h1>{{title}}</h1>
<p>{{t "help.intro"}}</p>
${SEARCH_FORM}
{{#if categories.length}}<h2>{{t "help.byCategory"}}</h2>
<ul class="topics">{{#each categories}}<li><a href="{{href}}">{{label}}</a> <span class="muted">{{count}}</span></li>{{/each}}</ul>{{/if}}
{{#if productTopics.length}}<h2>{{t "help.byProduct"}}</h2>
<ul class="topics">{{#each productTopics}}<li><a href="{{href}}">{{model}} · {{name}}</a> <span class="muted">{{count}}</span></li>{{/each}}</ul>{{/if}}
{{#unless categories.length}}{{#unless productTopics.length}}<div class="notice"><p>{{t "help.empty"}}</p></div>{{/unless}}{{/unless}}`
);

export const HELP_LIST_VIEW = defineView(
  'help-list',
  `<p class="crumbs"><a href="{{helpHref}}">{{t "help.title"}}</a></p>
<h1>{{title}}</h1>
{{#if showSearch}}${SEARCH_FORM}{{/if}}
{{#if errorKey}}<div class="notice error" role="alert"><p>{{t errorKey}}</p></div>{{/if}}
{{#if summary}}<p class="muted" role="status">{{summary}}</p>{{/if}}
{{#if articles.length}}${ARTICLE_LIST}{{else}}{{#unless errorKey}}<div class="notice"><p>{{t "help.noArticles"}}</p></div>{{/unless}}{{/if}}
{{#if pager}}<nav class="pager" aria-label="{{t "help.pages"}}">{{#if pager.previous}}<a href="{{pager.previous}}">{{t "help.previous"}}</a>{{/if}}{{#if pager.next}}<a href="{{pager.next}}">{{t "help.next"}}</a>{{/if}}</nav>{{/if}}`
);

export const HELP_ARTICLE_VIEW = defineView(
  'help-article',
  `<p class="crumbs"><a href="{{helpHref}}">{{t "help.title"}}</a>{{#if category}} › <a href="{{category.href}}">{{category.label}}</a>{{/if}}</p>
<article class="kb">
<h1>{{title}}</h1>
{{#if products.length}}<p class="muted">{{t "help.article.products"}} {{#each products}}<a href="{{href}}">{{model}}</a> {{/each}}</p>{{/if}}
<h2>{{t "help.article.problem"}}</h2>
<p class="text">{{article.problem}}</p>
{{#if article.cause}}<h2>{{t "help.article.cause"}}</h2>
<p class="text">{{article.cause}}</p>{{/if}}
<h2>{{t "help.article.solution"}}</h2>
<div class="solution">{{solutionHtml}}</div>
{{#if article.updatedAt}}<p class="muted">{{t "help.article.updated"}} {{day article.updatedAt}}</p>{{/if}}
</article>
<section class="card" aria-labelledby="vote-title">
<h2 id="vote-title">{{t "help.vote.question"}}</h2>
{{#if voted}}<p role="status" class="notice">{{t "help.vote.thanks"}}</p>{{/if}}
<form method="post" action="{{voteAction}}" class="vote">
<input type="hidden" name="token" value="{{voteToken}}">
<button type="submit" name="helpful" value="yes">{{t "help.vote.yes"}}</button>
<button type="submit" name="helpful" value="no" class="secondary">{{t "help.vote.no"}}</button>
</form>
<p class="muted">{{#if total}}{{t "help.vote.counts" helpful=article.helpful total=total}}{{else}}{{t "help.vote.none"}}{{/if}}</p>
</section>
<p><a href="{{helpHref}}">{{t "help.back"}}</a></p>`
);

export const HELP_VOTE_REFUSED_VIEW = defineView(
  'help-vote-refused',
  `<h1>{{title}}</h1>
<div class="notice error" role="alert"><p>{{t textKey}}</p></div>
<p><a href="{{articleHref}}">{{t "help.vote.backToArticle"}}</a></p>`
);
