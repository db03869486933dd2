import controller from './controller';
import routes from './routes';

/** What the field-actions extension adds to the plugin's server (its service lives with the active extension). */
export default {
  controllers: { fieldActions: controller },
  routes,
};
