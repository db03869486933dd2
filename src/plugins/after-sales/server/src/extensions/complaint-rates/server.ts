import controller from './controller';
import routes from './routes';

/** What the complaint-rates extension adds to the plugin's server (its service lives with the active extension). */
export default {
  controllers: { 'complaint-rates': controller },
  routes,
};
