export const PLUGIN_ID = 'after-sales';
