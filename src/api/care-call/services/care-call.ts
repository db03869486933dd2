import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::care-call.care-call');
