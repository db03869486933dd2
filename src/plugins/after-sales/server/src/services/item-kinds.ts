import type { Core } from '@strapi/strapi';
import { clockFieldsByWorkflow, itemKindProblems, type ItemKind } from '../domain/item-kinds/item-kind';
import { getService } from '../utils/get-service';

export type { ItemKind, ItemKindClock } from '../domain/item-kinds/item-kind';

/**
 * The item kinds of the usable extensions (`contributes.itemKinds`, declared beside each workflow):
 * what every kind of work item means — its owner, department and assignee fields, severity ladder,
 * summary, customer relation, clocks, the customer's own words, what tracking shows, the intake
 * mapping. Every feature that handles items of any kind reads them here. A kind that clashes with
 * one declared before it (same id, content type, prefix, staff list or intake kind) is left out and
 * logged once.
 */
const itemKinds = ({ strapi }: { strapi: Core.Strapi }) => {
  const warned = new Set<string>();

  const list = (): ItemKind[] => {
    const kinds: ItemKind[] = [];
    for (const { extensionId, value } of getService(strapi, 'extension-host').contributions('itemKinds')) {
      const [problem] = itemKindProblems(value, [...kinds, value]);
      if (problem) {
        const key = `${extensionId}:${value.id}:${problem.field}`;
        if (!warned.has(key)) strapi.log.warn(`[after-sales] extension "${extensionId}": item kind "${value.id}": ${problem.field}: ${problem.message} — left out`);
        warned.add(key);
        continue;
      }
      kinds.push(value);
    }
    return kinds;
  };

  return {
    /** Every usable item kind, in extension order. */
    list,

    /**
     * Every declared kind, its extension usable or not: for privacy, whose erasure and export must
     * reach every item holding a customer's data even while its workflow is switched off.
     */
    all(): ItemKind[] {
      const seen = new Set<string>();
      return getService(strapi, 'extension-host')
        .allManifests()
        .flatMap((manifest) => manifest.contributes?.itemKinds ?? [])
        .filter((kind) => !seen.has(kind.contentType) && !!seen.add(kind.contentType));
    },

    /** The kind of a content type uid or kind (= workflow) id. */
    get(uidOrId: string): ItemKind | undefined {
      return list().find((kind) => kind.contentType === uidOrId || kind.id === uidOrId);
    },

    byReferencePrefix(prefix: string): ItemKind | undefined {
      return list().find((kind) => kind.referencePrefix === prefix);
    },

    byCollection(collection: string): ItemKind | undefined {
      return list().find((kind) => kind.collection === collection);
    },

    byIntakeKind(intakeKind: string): ItemKind | undefined {
      return list().find((kind) => kind.intake?.kind === intakeKind);
    },

    /** Clock fields by workflow id, for the kinds that declare clocks (what SLA policies may run). */
    clockFields(): Record<string, string[]> {
      return clockFieldsByWorkflow(list());
    },
  };
};

export default itemKinds;
