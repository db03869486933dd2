import controller from './controller';
import routes from './routes';

/** What the loyalty extension adds to the plugin's server (collected by the bundling index, `extensions/index.ts`). */
export default {
  services: {},
  controllers: { loyalty: controller },
  routes,
};
