import controller, { privacyApiController } from './controller';
import privacy from './privacy';
import routes from './routes';

/** What the privacy extension adds to the plugin's server (collected by the bundling index, `extensions/index.ts`). */
export default {
  services: { privacy },
  controllers: { privacy: controller, 'privacy-api': privacyApiController },
  routes,
};
