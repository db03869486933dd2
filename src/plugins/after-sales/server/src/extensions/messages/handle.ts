import { createApiHandle } from '../../extension-api';

/** The messages extension's API, bound by its `register(context)`; its services and routes reach the core through it. */
export const messagesHandle = createApiHandle('after-sales.messages');
export const messagesApi = messagesHandle.api;

/** The channels usable extensions contribute (`contributes.channels`): the only ones a template may name. */
export const contributedChannelIds = () => [
  ...new Set(
    messagesApi()
      .contributions('channels')
      .map(({ value }) => value.id)
  ),
];
