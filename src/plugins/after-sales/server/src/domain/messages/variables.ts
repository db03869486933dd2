/** The variables every template may use; what a record does not have renders as an error, never blank. */
export const TEMPLATE_VARIABLES = [
  'customer.name',
  'company.name',
  'item.reference',
  'item.symptom',
  'item.description',
  'item.state',
  'item.stateTitle',
  'item.acknowledgeBy',
  'item.respondBy',
  // The promise as its policy counts it: "24 个工作小时" / "24 working hours", "24 小时" / "24 hours".
  'item.respondWithin',
  'item.resolveBy',
  'item.callbackBy',
  'item.resolutionSummary',
  'item.resolutionPlan',
  'item.preventionMeasure',
  'item.kind',
  'item.scheduledAt',
  'item.findings',
  'item.result',
  'links.tracking',
  'links.survey',
  // Notices to staff (SLA escalation).
  'staff.name',
  'sla.clock',
  'sla.clockTitle',
  'sla.level',
  'sla.dueAt',
  // The call a staff member owes a customer no message reaches.
  'notice.reason',
  'notice.template',
];

/** The item's fields a notice to staff quotes (`{{item.reference}}`, its symptom or description, its state), those it has. */
export const staffNoticeItem = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(['reference', 'symptom', 'description', 'state'].filter((k) => record[k] !== undefined && record[k] !== null).map((k) => [k, record[k]]));
