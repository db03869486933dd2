import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::improvement-record.improvement-record');
