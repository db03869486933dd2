import { defineView } from '../render';

/** A short page with a title and one paragraph (not found, too many requests, switched off…). `textKey`: the paragraph's translation key. */
export const MESSAGE_VIEW = defineView(
  'message',
  `<h1>{{title}}</h1>
<div class="notice{{#if isError}} error{{/if}}"><p>{{t textKey}}</p></div>
{{#if backHref}}<p><a href="{{backHref}}">{{t "common.back"}}</a></p>{{/if}}`
);
