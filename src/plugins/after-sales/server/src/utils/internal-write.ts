import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Marks document-service writes made by the workflow engine itself, so that the middleware that
 * refuses direct state changes lets them through. Nothing outside the engine can set this.
 */
const storage = new AsyncLocalStorage<true>();

export const runAsWorkflowEngine = <T>(fn: () => Promise<T>): Promise<T> => storage.run(true, fn);
export const isWorkflowEngineWrite = (): boolean => storage.getStore() === true;
