import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::analysis-report.analysis-report');
