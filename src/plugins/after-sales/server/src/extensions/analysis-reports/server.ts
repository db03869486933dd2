import controller from './controller';
import routes from './routes';

/** What the analysis-reports extension adds to the plugin's server (its services live with the active extension). */
export default {
  controllers: { analysis: controller },
  routes,
};
