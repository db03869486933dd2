import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::care-call.care-call');
