import controller from './controller';
import conversation from './conversation';
import routes from './routes';

/** What the conversation extension adds to the plugin's server (collected by the bundling index, `extensions/index.ts`). */
export default {
  services: { conversation },
  controllers: { conversation: controller },
  routes,
};
