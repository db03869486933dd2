import controller from './controller';
import routes from './routes';

/** What the queues add to the plugin's server (collected by the bundling index, `extensions/index.ts`). */
export default {
  services: {},
  controllers: { queues: controller },
  routes,
};
