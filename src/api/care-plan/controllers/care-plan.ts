import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::care-plan.care-plan');
