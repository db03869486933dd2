import type { PortalRoute } from '../page';
import { HOME_VIEW } from '../views/home';

/** `/after-sales/portal`: the start page. */
export const homeRoutes: PortalRoute[] = [
  {
    method: 'GET',
    path: '',
    name: 'home',
    limit: 'read',
    handle: (page) => page.render({ view: HOME_VIEW, title: 'home.title', data: { feedbackHref: page.href('/feedback'), helpHref: page.href('/help') } }),
  },
];
