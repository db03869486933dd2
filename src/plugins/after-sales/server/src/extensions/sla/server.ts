import controller from './controller';
import routes from './routes';
import settingsController from './settings-controller';
import sla from './sla';
import slaSettings from './sla-settings';

/** What the SLA extension adds to the plugin's server (collected by the bundling index, `extensions/index.ts`). */
export default {
  services: { sla, 'sla-settings': slaSettings },
  controllers: { sla: controller, 'sla-settings': settingsController },
  routes,
};
