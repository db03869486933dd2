import { defineView } from '../render';

/** The portal's start page. */
export const HOME_VIEW = defineView(
  'home',
  `<h1>{{title}}</h1>
<p>{{t "home.intro"}}</p>
<section class="card"><p>{{t "home.trackHint"}}</p></section>`
);
