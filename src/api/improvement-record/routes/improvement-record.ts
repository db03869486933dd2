import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::improvement-record.improvement-record');
