import { createHmac } from 'node:crypto';

/**
 * The stable pseudonym of an erased customer: the same customer always gets the same one (so
 * every table that quoted them reads the same), and it cannot be turned back into the customer
 * without the key. `客户-` / `Customer-` prefix plus 10 hex characters of an HMAC.
 */
export const pseudonymFor = (customerDocumentId: string, key: string): string => `Customer-${createHmac('sha256', key).update(`customer:${customerDocumentId}`).digest('hex').slice(0, 10)}`;
