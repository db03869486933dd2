import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';
import { stopScheduler } from './bootstrap';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  await stopScheduler();
  await getService(strapi, 'outbox').release();
  await getService(strapi, 'extension-host').stop();
  await getService(strapi, 'jobs').stopAll();
};

export default destroy;
