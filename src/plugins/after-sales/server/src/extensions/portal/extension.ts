import type { ExtensionContext } from '../../extension-api';
import { bindPortal, portalHandle } from './binding';

/**
 * The customer pages (`/after-sales/portal/…`). Their routes (server.ts) are mounted with the plugin;
 * they answer only while this extension is active, through the API it was given here.
 */
export const register = (context: ExtensionContext) => portalHandle.bind(context);

export const activate = (context: ExtensionContext) => {
  context.subscriptions.push(bindPortal(context.strapi, context.getApi(1)));
};
