import { defineView } from '../render';

/** The portal's start page. */
export const HOME_VIEW = defineView(
  'home',
  `<h1>{{title}}</h1>
<p>{{t "home.intro"}}</p>
<p><a class="button" href="{{feedbackHref}}">{{t "home.feedback"}}</a> <a class="button secondary" href="{{helpHref}}">{{t "help.title"}}</a></p>
<section class="card"><p>{{t "home.trackHint"}}</p></section>`
);
