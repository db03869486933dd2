import type { ExtensionManifest, ManifestProblem } from './types';

export interface ResolvedExtensions {
  /** Loadable extensions, dependencies before dependents. */
  order: ExtensionManifest[];
  /** Extensions that cannot load, with the reason (for a duplicated id: the later duplicate). */
  failures: Map<string, ManifestProblem>;
}

/**
 * Cross-extension checks: duplicate ids, missing dependencies or pack members, dependency cycles,
 * duplicate workflow ids, and action contributions that name a workflow neither the extension nor
 * its dependencies contribute. A failed extension fails its dependents too. The rest is ordered
 * topologically (dependencies first; ties keep the input order).
 */
export const resolveExtensions = (
  manifests: { manifest: ExtensionManifest; file: string }[],
  /** Ids of extensions whose manifests were already rejected on their own. */
  rejected: ReadonlySet<string> = new Set()
): ResolvedExtensions => {
  const failures = new Map<string, ManifestProblem>();
  /** Ids whose failure entry is about a later duplicate only: the first extension with the id still loads. */
  const duplicateOnly = new Set<string>();
  const byId = new Map<string, { manifest: ExtensionManifest; file: string }>();
  for (const entry of manifests) {
    if (byId.has(entry.manifest.id)) {
      if (!failures.has(entry.manifest.id)) {
        failures.set(entry.manifest.id, { file: entry.file, field: 'afterSales.id', message: `another extension already has the id "${entry.manifest.id}" (${byId.get(entry.manifest.id)!.file})` });
        duplicateOnly.add(entry.manifest.id);
      }
      continue;
    }
    byId.set(entry.manifest.id, entry);
  }
  const isFailed = (id: string) => failures.has(id) && !duplicateOnly.has(id);
  const fail = (id: string, problem: ManifestProblem) => {
    if (isFailed(id)) return;
    failures.set(id, problem);
    duplicateOnly.delete(id);
  };
  const edges = (m: ExtensionManifest) => [...(m.extensionDependencies ?? []), ...(m.extensionPack ?? [])];

  // Missing dependencies.
  for (const { manifest, file } of byId.values()) {
    for (const field of ['extensionDependencies', 'extensionPack'] as const) {
      (manifest[field] ?? []).forEach((dep, i) => {
        if (!byId.has(dep) && !isFailed(manifest.id)) {
          const message = rejected.has(dep) ? `depends on "${dep}", which failed to load` : `"${dep}" is not installed`;
          fail(manifest.id, { file, field: `afterSales.${field}[${i}]`, message });
        }
      });
    }
  }

  // Cycles (depth-first search; every member of a cycle fails).
  const visiting = new Set<string>();
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (id: string) => {
    if (done.has(id) || !byId.has(id)) return;
    if (visiting.has(id)) {
      const cycle = [...stack.slice(stack.indexOf(id)), id];
      for (const member of cycle.slice(0, -1)) {
        if (!isFailed(member)) {
          fail(member, { file: byId.get(member)!.file, field: 'afterSales.extensionDependencies', message: `dependency cycle: ${cycle.join(' → ')}` });
        }
      }
      return;
    }
    visiting.add(id);
    stack.push(id);
    for (const dep of edges(byId.get(id)!.manifest)) visit(dep);
    stack.pop();
    visiting.delete(id);
    done.add(id);
  };
  for (const id of byId.keys()) visit(id);

  // Workflow ids are global.
  const workflowOwner = new Map<string, string>();
  for (const { manifest, file } of byId.values()) {
    (manifest.contributes?.workflows ?? []).forEach((workflow, i) => {
      const owner = workflowOwner.get(workflow.id);
      if (owner && !isFailed(manifest.id)) {
        fail(manifest.id, { file, field: `afterSales.contributes.workflows[${i}].id`, message: `workflow "${workflow.id}" is already contributed by ${owner}` });
      } else if (!owner) workflowOwner.set(workflow.id, manifest.id);
    });
  }

  // Action contributions must name a workflow the extension can see.
  const reachable = (id: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(id)) return seen;
    seen.add(id);
    for (const dep of edges(byId.get(id)!.manifest)) if (byId.has(dep)) reachable(dep, seen);
    return seen;
  };
  for (const { manifest, file } of byId.values()) {
    if (isFailed(manifest.id)) continue;
    const visible = new Map<string, Set<string>>();
    for (const ext of reachable(manifest.id)) {
      for (const workflow of byId.get(ext)!.manifest.contributes?.workflows ?? []) visible.set(workflow.id, new Set(workflow.transitions.map((t) => t.id)));
    }
    (manifest.contributes?.actions ?? []).some((action, i) => {
      // `"workflow": "*", "actions": ["*"]`: every action of every workflow (the SLA clocks of any item kind).
      if (action.workflow === '*' || action.actions.includes('*')) {
        const j = action.actions.findIndex((a) => a !== '*');
        if (action.actions.length !== 1 || j >= 0) {
          fail(manifest.id, { file, field: `afterSales.contributes.actions[${i}].actions`, message: 'a hook on every action lists only "*"' });
          return true;
        }
        if (action.workflow === '*') return false;
      }
      const transitions = visible.get(action.workflow);
      if (!transitions) {
        fail(manifest.id, {
          file,
          field: `afterSales.contributes.actions[${i}].workflow`,
          message: `unknown workflow "${action.workflow}" (list the extension that contributes it in extensionDependencies)`,
        });
        return true;
      }
      const j = action.actions.findIndex((a) => a !== '*' && !transitions.has(a));
      if (j >= 0) {
        fail(manifest.id, { file, field: `afterSales.contributes.actions[${i}].actions[${j}]`, message: `workflow "${action.workflow}" has no action "${action.actions[j]}"` });
        return true;
      }
      return false;
    });
  }

  // Failures propagate to dependents until nothing changes.
  let changed = true;
  while (changed) {
    changed = false;
    for (const { manifest, file } of byId.values()) {
      if (isFailed(manifest.id)) continue;
      const failedDep = edges(manifest).find((dep) => isFailed(dep));
      if (failedDep) {
        fail(manifest.id, { file, field: 'afterSales.extensionDependencies', message: `depends on "${failedDep}", which failed to load` });
        changed = true;
      }
    }
  }

  // Topological order of the survivors.
  const order: ExtensionManifest[] = [];
  const placed = new Set<string>();
  const place = (id: string) => {
    if (placed.has(id) || isFailed(id)) return;
    placed.add(id);
    for (const dep of edges(byId.get(id)!.manifest)) place(dep);
    order.push(byId.get(id)!.manifest);
  };
  for (const id of byId.keys()) place(id);
  return { order, failures };
};
