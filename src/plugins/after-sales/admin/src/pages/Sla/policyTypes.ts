/** The SLA policy as the settings API sends and takes it (see the README's SLA policy format). */
export interface Target {
  amount: number;
  unit: string;
}
export interface Rule {
  when?: { severity?: string[]; type?: string[]; needsRnd?: boolean };
  target: Target;
}
/** When a clock starts, stops, restarts or is cancelled (see the README's SLA policy format). */
export interface ClockEvent {
  event?: 'intake';
  action?: string;
  enter?: string;
  set?: string;
  when?: Rule['when'];
  at?: string;
}
export interface Clock {
  field: string;
  start?: ClockEvent[];
  stop?: ClockEvent[];
  pause?: string[];
  restart?: ClockEvent[];
  cancel?: ClockEvent[];
  rules: Rule[];
}
export interface Escalation {
  level: string;
  fraction: number;
  clocks?: string[];
  steps: string[];
}
export interface Policy {
  id: string;
  name: string;
  workflow: string;
  clocks: Clock[];
  escalation: Escalation[];
}
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
/** The states and actions of a workflow, which a clock's lifecycle may name. */
export interface WorkflowVocabulary {
  states: string[];
  actions: string[];
}
