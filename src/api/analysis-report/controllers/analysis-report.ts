import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::analysis-report.analysis-report');
