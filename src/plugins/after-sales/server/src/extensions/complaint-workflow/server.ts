import controller from './controller';
import routes from './routes';

/** What the complaint workflow extension adds to the plugin's server: the complaint archive lists. */
export default {
  controllers: { 'complaint-archive': controller },
  routes,
};
