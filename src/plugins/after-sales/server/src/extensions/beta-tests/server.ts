import controller from './controller';
import routes from './routes';

/** What the beta-tests extension adds to the plugin's server (collected by the bundling index, `extensions/index.ts`). */
export default {
  services: {},
  controllers: { 'beta-tests': controller },
  routes,
};
