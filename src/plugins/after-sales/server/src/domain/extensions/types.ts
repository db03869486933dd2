import type { WorkflowDefinition, LocalizedText } from '../workflow/types';
import type { ItemKind } from '../item-kinds/item-kind';

export interface ActionContribution {
  id: string;
  kind: 'guard' | 'effect' | 'after';
  workflow: string;
  actions: string[];
  title?: LocalizedText;
  description?: string;
}

export interface TemplateContribution {
  id: string;
  sendOn?: { workflow: string; action: string; to?: string };
  channels?: string[];
  'zh-Hans': { subject: string; body: string };
  en?: { subject: string; body: string };
  /** Variables of this template's own (e.g. `links.beta`, `fieldAction.kind`), beside the shared ones every template may use; its sender fills them in. */
  variables?: string[];
  /** The text for another channel (e.g. `sms`: a short body, no subject), per language. */
  perChannel?: Record<string, { 'zh-Hans': { subject?: string; body: string }; en?: { subject?: string; body: string } }>;
}

export interface PermissionContribution {
  id: string;
  title: LocalizedText;
  category?: string;
}

export interface ConfigurationProperty {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  default: unknown;
  /** What the settings form calls it, per language (the key when absent). */
  label?: LocalizedText;
  /** One line under the field, per language. */
  description?: LocalizedText;
  /** For an `enum`: what the form shows for each value, per language. */
  enumLabels?: Record<string, LocalizedText>;
  [keyword: string]: unknown;
}

/** `contributes.channels`: a message channel staff can pick for a template. */
export interface ChannelContribution {
  id: string;
  title: LocalizedText;
}

/** `contributes.reports` / `contributes.widgets`: a section filled by a handler the extension registers. */
export interface SectionContribution {
  id: string;
  title: LocalizedText;
  description?: LocalizedText;
}

export interface Contributions {
  workflows?: WorkflowDefinition[];
  itemKinds?: ItemKind[];
  actions?: ActionContribution[];
  permissions?: PermissionContribution[];
  configuration?: { title?: LocalizedText; properties: Record<string, ConfigurationProperty> };
  slaPolicies?: ({ id: string } & Record<string, unknown>)[];
  calendars?: ({ id: string } & Record<string, unknown>)[];
  templates?: TemplateContribution[];
  channels?: ChannelContribution[];
  classifiers?: { id: string; rules: { keywords: string[]; suggest: { type?: string; severity?: string; department?: string; complex?: boolean } }[] }[];
  reports?: SectionContribution[];
  widgets?: SectionContribution[];
  panels?: ({ id: string } & Record<string, unknown>)[];
  settingsPages?: ({ id: string } & Record<string, unknown>)[];
}

/** The `afterSales` field of an extension's package.json. */
export interface ExtensionManifest {
  id: string;
  version?: string;
  displayName?: LocalizedText;
  description?: string;
  engines: { afterSales: string };
  main?: string;
  activationEvents?: string[];
  extensionDependencies?: string[];
  extensionPack?: string[];
  contributes?: Contributions;
}

/** A manifest as read from disk, before validation. */
export interface ExtensionCandidate {
  /** Where it came from: a folder, a package name, or `builtin:<id>`. */
  location: string;
  /** The file the manifest was read from, for error messages. */
  manifestFile: string;
  packageVersion?: string;
  /** The raw `afterSales` value, or the reason it could not be read. */
  manifest: unknown;
  readError?: string;
  builtin: boolean;
}

export interface ManifestProblem {
  file: string;
  field: string;
  message: string;
}
