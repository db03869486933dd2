import type { ExtensionContext } from '../../extension-api';
import { bindConversation } from './binding';

/**
 * The case screen's server side. Its routes (server.ts) are mounted with the plugin; they answer
 * only while this extension is active, through the API it was given here.
 */
export const activate = (context: ExtensionContext) => {
  context.subscriptions.push(bindConversation(context.strapi, context.getApi(1)));
};
