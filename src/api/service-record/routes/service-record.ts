import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::service-record.service-record');
