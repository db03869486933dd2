import feedbackWorkflow from '../../../extensions/feedback-workflow/package.json';
import complaintWorkflow from '../../../extensions/complaint-workflow/package.json';
import serviceRecordWorkflow from '../../../extensions/service-record-workflow/package.json';
import improvementWorkflow from '../../../extensions/improvement-workflow/package.json';
import type { WorkflowDefinition } from '../../workflow/types';
import type { ItemKind } from '../../item-kinds/item-kind';
import { vocabulariesOf } from '../policies';

/** The vocabulary of the built-in workflows and their item kinds, as the sla-settings service builds it. */
const manifests = [feedbackWorkflow, complaintWorkflow, serviceRecordWorkflow, improvementWorkflow].map(
  (m) => m.afterSales.contributes as unknown as { workflows: WorkflowDefinition[]; itemKinds: ItemKind[] }
);
export const BUILTIN_VOCABULARY = vocabulariesOf(
  manifests.flatMap((c) => c.workflows),
  manifests.flatMap((c) => c.itemKinds)
);
