import controller from './controller';
import routes from './routes';
import service from './service';

/** What the inbound mailbox adds to the plugin's server (collected by the bundling index, `extensions/index.ts`). */
export default {
  services: { mailbox: service },
  controllers: { mailbox: controller },
  routes,
};
