/**
 * The department that receives what nobody else holds: the after-sales service department (售后服务部),
 * to which the intake registers every complaint. A case with no assignee, no department and no owner
 * is its to answer, as a help desk's default group is for a ticket in no group: its head and members
 * are told what would otherwise reach nobody (the customer's reply, a call owed to the customer).
 */
export const INTAKE_DEPARTMENT = 'after-sales';
