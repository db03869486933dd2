import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::care-call.care-call');
