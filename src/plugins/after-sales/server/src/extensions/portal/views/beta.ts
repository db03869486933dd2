import { defineView } from '../render';

/**
 * A beta test of a fix: the test's questions (each one radio group of yes / partly / no, large
 * targets on a phone) with an optional comment each; a plain form. Then thanks, or a used or closed
 * link said kindly.
 */
export const BETA_VIEW = defineView(
  'beta',
  `<h1>{{title}}</h1>
{{#if name}}<p class="muted">{{name}}</p>{{/if}}
<p>{{t "beta.intro"}}</p>
{{#if errorKey}}<div class="notice error" role="alert"><p>{{t errorKey}}</p></div>{{/if}}
<form method="post" action="{{action}}" class="card">
{{#each questions}}<fieldset>
<legend>{{title}}</legend>
<div class="scale">{{#each choices}}<label><input type="radio" name="{{../key}}" value="{{value}}" required{{#if checked}} checked{{/if}}> <span>{{label}}</span></label>{{/each}}</div>
{{#if missing}}<p class="errors">{{t "beta.chooseOne"}}</p>{{/if}}
<label for="beta-{{key}}-comment">{{t "beta.comment"}}</label>
<textarea id="beta-{{key}}-comment" name="comment_{{key}}" maxlength="{{../maxComment}}">{{comment}}</textarea>
</fieldset>{{/each}}
<p><button type="submit">{{t "beta.submit"}}</button></p>
</form>`
);

/** After the answers, or a link already used / closed. */
export const BETA_DONE_VIEW = defineView(
  'beta-done',
  `<h1>{{title}}</h1>
<div class="notice" role="status">{{#if justAnswered}}<p>{{t "beta.thanks"}}</p>{{/if}}{{#if textKey}}<p>{{t textKey}}</p>{{/if}}</div>
<p><a href="{{homeHref}}">{{t "beta.home"}}</a></p>`
);
