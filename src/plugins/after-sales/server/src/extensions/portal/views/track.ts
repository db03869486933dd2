import { defineView } from '../render';

/**
 * The customer's tracking page: the state in plain words, the promised dates, the public thread
 * (the customer's messages and our replies, no names), and the reply box (a plain multipart form:
 * text and photos, posted, then back here).
 */
export const TRACK_VIEW = defineView(
  'track',
  `<h1>{{title}}</h1>
{{#if sent}}<div class="notice" role="status"><p>{{t "track.reply.sent"}}</p></div>{{/if}}
<section class="card" aria-labelledby="state-title">
<h2 id="state-title">{{t "track.state"}}</h2>
<p><span class="state">{{stateTitle}}</span></p>
<p>{{stateText}}</p>
<dl class="facts">
<dt>{{t "track.received"}}</dt><dd>{{date receivedAt}}</dd>
{{#each dueDates}}<dt>{{label}}</dt><dd>{{date at}}</dd>{{/each}}
</dl>
</section>
<section aria-labelledby="thread-title">
<h2 id="thread-title">{{t "track.thread"}}</h2>
{{#if messages.length}}<ol class="thread">{{#each messages}}<li class="{{direction}}"><span class="who">{{who}} · {{date at}}</span>{{text}}{{#if attachments.length}}<span class="who">{{t "track.photos"}} {{#each attachments}}{{name}} {{/each}}</span>{{/if}}</li>{{/each}}</ol>
{{else}}<p class="muted">{{t "track.noMessages"}}</p>{{/if}}
</section>
{{#if closed}}<div class="notice"><p>{{t "track.reply.closed"}}</p></div>{{/if}}
<section class="card" aria-labelledby="reply-title">
<h2 id="reply-title">{{t "track.reply.title"}}</h2>
{{#if errorKey}}<div class="notice error" role="alert"><p>{{t errorKey}}</p></div>{{/if}}
<form method="post" action="{{replyAction}}" enctype="multipart/form-data">
<label for="reply-text">{{t "track.reply.label"}}</label>
<textarea id="reply-text" name="message" maxlength="{{maxLength}}" required>{{draft}}</textarea>
<label for="reply-photos">{{t "track.reply.photos"}}</label>
<input id="reply-photos" type="file" name="photos" accept="image/jpeg,image/png" multiple aria-describedby="photos-hint">
<p id="photos-hint" class="muted">{{t "track.reply.photosHint" count=maxFiles size=maxMegabytes}}</p>
<p><button type="submit">{{t "track.reply.submit"}}</button></p>
</form>
</section>`
);
