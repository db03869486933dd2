import { defineView } from '../render';

/**
 * The loyalty survey (NPS): "how likely are you to recommend us", eleven scores 0–10 in one radio
 * group (a grid of large targets on a phone, one row on a wide screen), the two ends labelled, an
 * optional comment; a plain form. Then thanks (a low score: someone will call), or a used or closed
 * link said kindly.
 */
export const NPS_VIEW = defineView(
  'nps',
  `<h1>{{title}}</h1>
{{#if campaign}}<p class="muted">{{campaign}}</p>{{/if}}
{{#if errorKey}}<div class="notice error" role="alert"><p>{{t errorKey}}</p></div>{{/if}}
<form method="post" action="{{action}}" class="card">
<fieldset>
<legend>{{t "nps.question"}}</legend>
<div class="scale nps">{{#each scores}}<label><input type="radio" name="score" value="{{value}}" required{{#if checked}} checked{{/if}}> <span><strong>{{value}}</strong></span></label>{{/each}}</div>
<p class="muted nps-ends"><span>{{t "nps.low"}}</span><span>{{t "nps.high"}}</span></p>
</fieldset>
<label for="nps-comment">{{t "nps.comment"}}</label>
<textarea id="nps-comment" name="comment" maxlength="{{maxComment}}">{{comment}}</textarea>
<p><button type="submit">{{t "nps.submit"}}</button></p>
</form>`
);

/** After the answer, or a link already used / closed. */
export const NPS_DONE_VIEW = defineView(
  'nps-done',
  `<h1>{{title}}</h1>
<div class="notice" role="status">{{#if justAnswered}}<p>{{t "nps.thanks"}}</p>{{#if followUp}}<p>{{t "nps.followUp"}}</p>{{/if}}{{/if}}{{#if textKey}}<p>{{t textKey}}</p>{{/if}}</div>
<p><a href="{{homeHref}}">{{t "nps.home"}}</a></p>`
);
