import controller from './controller';
import routes from './routes';

/** What the customer segments extension adds to the plugin's server (collected by the bundling index, `extensions/index.ts`). */
export default {
  services: {},
  controllers: { segments: controller },
  routes,
};
