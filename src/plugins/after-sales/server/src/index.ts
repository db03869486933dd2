import register from './register';
import bootstrap from './bootstrap';
import destroy from './destroy';
import config from './config';
import controllers from './controllers';
import routes from './routes';
import services from './services';
import contentTypes from './content-types';
import { requestGuard } from './middlewares/request-guard';

export default {
  register,
  bootstrap,
  destroy,
  config,
  controllers,
  routes,
  services,
  contentTypes,
  policies: {},
  middlewares: { 'request-guard': requestGuard },
};
