import type { PortalRoute } from './page';
import { homeRoutes } from './pages/home';
import { helpRoutes } from './pages/help';
import { feedbackRoutes } from './pages/feedback';
import { trackRoutes } from './pages/track';
import { surveyRoutes } from './pages/survey';
import { npsRoutes } from './pages/nps';
import { betaRoutes } from './pages/beta';

/**
 * Every portal route, one line per page module (keep it that way: each page is added by its own line).
 * Mounted under `/after-sales/portal` by server.ts; more specific paths first.
 */
export const PORTAL_ROUTES: PortalRoute[] = [...homeRoutes, ...helpRoutes, ...feedbackRoutes, ...trackRoutes, ...surveyRoutes, ...npsRoutes, ...betaRoutes];
