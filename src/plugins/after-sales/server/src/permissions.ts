import type { Core } from '@strapi/strapi';
import { permissionOf, type LocalizedText } from './domain/workflow/types';
import type { ExtensionManifest } from './domain/extensions/types';
import { PLUGIN_ID } from './constants';

const english = (text: LocalizedText | undefined, fallback: string) => (typeof text === 'string' ? text : (text?.en ?? fallback));

/** The plugin's own admin actions. */
const PLUGIN_ACTIONS = [
  { uid: 'extensions.read', displayName: 'Read installed extensions', subCategory: 'Extensions' },
  { uid: 'extensions.manage', displayName: 'Enable, disable and configure extensions', subCategory: 'Extensions' },
  { uid: 'messages.send', displayName: 'Send customer messages by hand and retry delivery', subCategory: 'Messages' },
  { uid: 'messages.templates', displayName: 'Edit customer message templates', subCategory: 'Messages' },
  { uid: 'organisation.manage', displayName: 'Manage departments (members and heads) and see the message channels', subCategory: 'Organisation' },
  { uid: 'reports.read', displayName: 'Read and export monthly reports', subCategory: 'Reports' },
  { uid: 'reports.archive', displayName: 'Archive monthly reports', subCategory: 'Reports' },
  { uid: 'supervisor.read', displayName: "Open the supervisor's view (a department head sees the departments they head)", subCategory: 'Supervision' },
  { uid: 'supervisor.read-all', displayName: "See every department's staff in the supervisor's view (managers)", subCategory: 'Supervision' },
];

/**
 * One admin RBAC action per workflow action of every valid extension (disabled ones included, so
 * that roles keep their settings across a toggle), plus each extension's declared permissions.
 */
const adminActionsFor = (manifests: ExtensionManifest[]) => {
  const actions = new Map<string, { uid: string; displayName: string; subCategory: string }>();
  for (const action of PLUGIN_ACTIONS) actions.set(action.uid, action);
  for (const manifest of manifests) {
    for (const workflow of manifest.contributes?.workflows ?? []) {
      for (const transition of workflow.transitions) {
        const uid = permissionOf(workflow, transition);
        if (!actions.has(uid)) actions.set(uid, { uid, displayName: english(transition.title, transition.id), subCategory: english(workflow.title, workflow.id) });
      }
    }
    for (const permission of manifest.contributes?.permissions ?? []) {
      actions.set(permission.id, { uid: permission.id, displayName: english(permission.title, permission.id), subCategory: permission.category ?? english(manifest.displayName, manifest.id) });
    }
  }
  return [...actions.values()].map((a) => ({ section: 'plugins', pluginName: PLUGIN_ID, ...a }));
};

export const registerAdminPermissions = async (strapi: Core.Strapi, manifests: ExtensionManifest[]) => {
  const permissionService = strapi.service('admin::permission') as {
    actionProvider: { registerMany(actions: unknown[]): Promise<void> };
    conditionProvider: { registerMany(conditions: unknown[]): Promise<void> };
  };
  await permissionService.actionProvider.registerMany(adminActionsFor(manifests));
  await permissionService.conditionProvider.registerMany([
    {
      displayName: 'Is in one of my departments',
      name: 'in-my-department',
      plugin: PLUGIN_ID,
      category: 'after-sales',
      handler: (user: { id: number }) => ({ 'department.members.id': user.id }),
    },
    {
      // An office's staff (members and its head) see and act on the items their office received or handles locally.
      displayName: 'Is in one of my offices',
      name: 'in-my-office',
      plugin: PLUGIN_ID,
      category: 'after-sales',
      handler: (user: { id: number }) => ({ $or: [{ 'office.members.id': user.id }, { 'office.head.id': user.id }] }),
    },
    {
      displayName: 'Has no department yet',
      name: 'without-department',
      plugin: PLUGIN_ID,
      category: 'after-sales',
      handler: () => ({ 'department.id': null }),
    },
    {
      // The case owner keeps following the case after it is handed to another department.
      displayName: 'Is a case I took (I am its owner)',
      name: 'is-my-case',
      plugin: PLUGIN_ID,
      category: 'after-sales',
      handler: (user: { id: number }) => ({ 'owner.id': user.id }),
    },
  ]);
};
