/** The SLA policy as the settings API sends and takes it: one definition, the plugin's shared/sla-policy.ts. */
import type { ClockPolicy, ClockRule, EscalationRule, SlaPolicy } from '../../../../shared/sla-policy';

export type { ClockEvent, Target, TargetUnit, WorkflowVocabulary } from '../../../../shared/sla-policy';
export type Rule = ClockRule;
export type Clock = ClockPolicy;
export type Escalation = EscalationRule;
export type Policy = SlaPolicy;

/** A stored policy as the list answers it. */
export interface PolicyRow {
  id: string;
  policy: Policy;
  workflow: string;
  active: boolean;
  contributedBy: string | null;
  edited: boolean;
  revision: number;
  updatedAt: string;
}
