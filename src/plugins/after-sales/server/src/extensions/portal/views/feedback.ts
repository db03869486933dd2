import { defineView } from '../render';

/**
 * The feedback form and its answer page. Every field has its label, its hint and, after a refusal,
 * its message (`errors.<field>`, already in the page's language) tied to it with aria-describedby;
 * the summary at the top links to each refused field. The form posts without JavaScript; only the
 * CAPTCHA (the altcha widget) and the knowledge-base suggestions need the page's own scripts.
 */

/** One text field (`input` or `textarea`) with its label, hint and error. */
const textField = (field: string, options: { labelKey: string; hintKey?: string; multiline?: boolean; type?: string; max: number; required?: boolean; autocomplete?: string }) => {
  const id = `f-${field}`;
  const described = options.hintKey ? ` aria-describedby="${id}-hint{{#if errors.${field}}} ${id}-error{{/if}}"` : `{{#if errors.${field}}} aria-describedby="${id}-error"{{/if}}`;
  const attributes = `id="${id}" name="${field}" maxlength="${options.max}"${options.required ? ' required' : ''}${options.autocomplete ? ` autocomplete="${options.autocomplete}"` : ''}${described}{{#if errors.${field}}} aria-invalid="true"{{/if}}`;
  const control = options.multiline ? `<textarea ${attributes}>{{values.${field}}}</textarea>` : `<input type="${options.type ?? 'text'}" ${attributes} value="{{values.${field}}}">`;
  return `<div class="field">
<label for="${id}">{{t "${options.labelKey}"}}</label>
${options.hintKey ? `<p class="muted hint" id="${id}-hint">{{t "${options.hintKey}"}}</p>` : ''}
{{#if errors.${field}}}<p class="errors" id="${id}-error">{{errors.${field}}}</p>{{/if}}
${control}
</div>`;
};

export const FEEDBACK_FORM_VIEW = defineView(
  'feedback-form',
  `<h1>{{title}}</h1>
<p>{{t "feedback.intro"}}</p>
{{#if errorList.length}}<div class="notice error" role="alert" id="form-errors"><p>{{t "feedback.errors.summary"}}</p>
<ul>{{#each errorList}}<li><a href="#{{target}}">{{text}}</a></li>{{/each}}</ul>
{{#if reselectPhotos}}<p>{{t "feedback.errors.reselect"}}</p>{{/if}}</div>{{/if}}
<p class="muted">{{t "feedback.required"}}</p>
<form id="feedback-form" class="feedback" method="post" action="{{action}}" enctype="multipart/form-data" data-lang="{{locale}}" data-assets="{{assetsBase}}" data-help="{{helpBase}}"{{#if embedded}} data-target="_blank"{{/if}}>
<fieldset class="field" id="f-kind"{{#if errors.kind}} aria-describedby="f-kind-error"{{/if}}>
<legend>{{t "feedback.kind.label"}}</legend>
{{#if errors.kind}}<p class="errors" id="f-kind-error">{{errors.kind}}</p>{{/if}}
<div class="scale kinds">{{#each kinds}}<label><input type="radio" name="kind" value="{{value}}" required{{#if checked}} checked{{/if}}> {{label}}</label>{{/each}}</div>
</fieldset>
{{#if products.length}}<div class="field">
<label for="f-model">{{t "feedback.model.label"}}</label>
{{#if errors.model}}<p class="errors" id="f-model-error">{{errors.model}}</p>{{/if}}
<select id="f-model" name="model"{{#if errors.model}} aria-describedby="f-model-error" aria-invalid="true"{{/if}}><option value="">{{t "feedback.model.none"}}</option>{{#each products}}<option value="{{model}}"{{#if selected}} selected{{/if}}>{{model}} · {{name}}</option>{{/each}}</select>
</div>
${textField('batch', { labelKey: 'feedback.batch.label', hintKey: 'feedback.batch.hint', max: 64 })}{{/if}}
${textField('symptom', { labelKey: 'feedback.symptom.label', hintKey: 'feedback.symptom.hint', multiline: true, max: 10000, required: true })}
<div id="kb-suggest" class="suggest" aria-live="polite" data-title="{{t "feedback.suggestions.title"}}" hidden></div>
${textField('scenario', { labelKey: 'feedback.scenario.label', hintKey: 'feedback.scenario.hint', multiline: true, max: 10000 })}
${textField('name', { labelKey: 'feedback.name.label', max: 200, required: true, autocomplete: 'name' })}
${textField('contact', { labelKey: 'feedback.contact.label', hintKey: 'feedback.contact.hint', max: 254, required: true })}
<div class="field">
<label for="f-photos">{{t "feedback.photos.label"}}</label>
<p class="muted hint" id="f-photos-hint">{{t "feedback.photos.hint" count=photoLimits.count types=photoLimits.types size=photoLimits.size}}</p>
{{#if errors.photos}}<p class="errors" id="f-photos-error">{{errors.photos}}</p>{{/if}}
<input type="file" id="f-photos" name="photos" accept="{{photoLimits.accept}}" multiple aria-describedby="f-photos-hint{{#if errors.photos}} f-photos-error{{/if}}"{{#if errors.photos}} aria-invalid="true"{{/if}}>
</div>
<div class="field" id="f-captcha">
<p class="label" id="f-captcha-label">{{t "feedback.captcha.label"}}</p>
{{#if errors.captcha}}<p class="errors" id="f-captcha-error">{{errors.captcha}}</p>{{/if}}
<altcha-widget challenge="{{challengeUrl}}" name="altcha" auto="onfocus" language="{{altchaLanguage}}" aria-labelledby="f-captcha-label"></altcha-widget>
<noscript><p class="errors">{{t "feedback.captcha.hint"}}</p></noscript>
</div>
<p><button type="submit">{{t "feedback.submit"}}</button></p>
</form>
<link rel="stylesheet" href="{{assets.css}}">
<script src="{{assets.script}}" defer></script>`
);

export const FEEDBACK_DONE_VIEW = defineView(
  'feedback-done',
  `<h1>{{title}}</h1>
<section class="card" aria-labelledby="done-reference">
<dl class="facts">
<dt id="done-reference">{{t "feedback.done.reference"}}</dt><dd><strong class="reference">{{reference}}</strong></dd>
{{#if deadline}}<dt>{{t "feedback.done.deadline"}}</dt><dd class="deadline">{{date deadline}}</dd>{{/if}}
</dl>
{{#unless deadline}}<p>{{t "feedback.done.soon"}}</p>{{/unless}}
</section>
<p><a class="button track" href="{{trackHref}}"{{#if embedded}} target="_blank" rel="noopener"{{/if}}>{{t "feedback.done.track"}}</a></p>
<p class="muted">{{t "feedback.done.keep"}}</p>
{{#if suggestions.length}}<h2>{{t "feedback.suggestions.title"}}</h2>
<ul class="articles">{{#each suggestions}}<li><a href="{{href}}"{{#if ../embedded}} target="_blank" rel="noopener"{{/if}}>{{title}}</a></li>{{/each}}</ul>{{/if}}
<p><a href="{{againHref}}">{{t "feedback.done.another"}}</a></p>`
);
