import controller from './controller';
import routes from './routes';

/** What the notifications extension adds to the plugin's server (its service lives with the active extension, see `notifications.ts`). */
export default {
  services: {},
  controllers: { notifications: controller },
  routes,
};
