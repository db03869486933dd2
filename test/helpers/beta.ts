import request from 'supertest';
import type { Core } from '@strapi/strapi';

/** The beta invitations a customer was sent, with the portal page's path in each. */
export const betaInvitations = async (strapi: Core.Strapi, customer: string) =>
  ((await strapi.plugin('after-sales').service('outbox').history('api::customer.customer', customer)) as { templateKey: string; channel: string; locale: string | null; bodyText: string | null }[])
    .filter((m) => m.templateKey === 'beta.invitation')
    .map((m) => ({ ...m, path: /https?:\/\/\S+(\/after-sales\/portal\/beta\/[A-Za-z0-9_-]+)/.exec(m.bodyText ?? '')?.[1] ?? null }));

/** Answers the portal's beta page as a phone posts its form. */
export const answerAsPhone = (strapi: Core.Strapi, path: string, form: Record<string, string>) =>
  request(strapi.server.httpServer).post(path).type('form').set('User-Agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)').send(form);
