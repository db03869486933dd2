import { defineView } from '../render';

/**
 * The satisfaction survey: the question with the five scores (labelled, one radio group, a plain
 * form), an optional comment; then what follows from the answer (thanks; under 4: the case is
 * reopened and who will contact the customer); a used or expired link said kindly.
 */
export const SURVEY_VIEW = defineView(
  'survey',
  `<h1>{{title}}</h1>
{{#if reference}}<p class="muted">{{t "survey.reference" reference=reference}}</p>{{/if}}
{{#if errorKey}}<div class="notice error" role="alert"><p>{{t errorKey}}</p></div>{{/if}}
<form method="post" action="{{action}}" class="card">
<fieldset>
<legend>{{t "survey.question"}}</legend>
<div class="scale">{{#each scores}}<label><input type="radio" name="score" value="{{value}}" required{{#if checked}} checked{{/if}}> <span><strong>{{value}}</strong> {{label}}</span></label>{{/each}}</div>
</fieldset>
<label for="survey-comment">{{t "survey.comment"}}</label>
<textarea id="survey-comment" name="comment" maxlength="{{maxComment}}">{{comment}}</textarea>
<p><button type="submit">{{t "survey.submit"}}</button></p>
</form>`
);

/** After the answer, or a link already used / expired: a notice and the way to the case. */
export const SURVEY_DONE_VIEW = defineView(
  'survey-done',
  `<h1>{{title}}</h1>
{{#if reference}}<p class="muted">{{t "survey.reference" reference=reference}}</p>{{/if}}
<div class="notice" role="status">{{#if justAnswered}}<p>{{t "survey.thanks"}}</p>{{/if}}{{#if textKey}}<p>{{t textKey}}</p>{{/if}}{{#if reopened}}<p>{{t "survey.reopened" reference=reference}}</p><p>{{t "survey.contact" team=team}}</p>{{/if}}</div>
{{#if trackHref}}<p><a href="{{trackHref}}">{{t "survey.track"}}</a></p>{{/if}}`
);
