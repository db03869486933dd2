import type { PortalView } from '../render';

/** Every page's frame: header with the brand and the language links, the page, the footer with the privacy notice. */
export const LAYOUT: PortalView = {
  name: 'layout',
  source: `<!doctype html>
<html lang="{{htmlLang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>{{title}} · {{brand.companyName}}</title>
<style>{{css}}</style>
</head>
<body>
<a class="skip" href="#main">{{t "layout.skip"}}</a>
<header class="top">
<a class="brand" href="{{homeHref}}">{{#if brand.logoUrl}}<img src="{{brand.logoUrl}}" alt="" height="32">{{/if}}<span>{{brand.companyName}}</span></a>
<nav class="lang" aria-label="{{t "layout.language"}}">{{#each languages}}{{#if current}}<span lang="{{code}}" aria-current="true">{{name}}</span>{{else}}<a lang="{{code}}" hreflang="{{code}}" href="{{href}}">{{name}}</a>{{/if}}{{/each}}</nav>
</header>
<main id="main">
{{> page}}
</main>
<footer>
{{#if brand.footerText}}<p>{{brand.footerText}}</p>{{/if}}
<details><summary>{{t "layout.privacy"}}</summary><p>{{#if brand.privacyNotice}}{{brand.privacyNotice}}{{else}}{{t "layout.privacyDefault"}}{{/if}}</p></details>
</footer>
{{#each scripts}}<script>{{this}}</script>{{/each}}
</body>
</html>
`,
};
