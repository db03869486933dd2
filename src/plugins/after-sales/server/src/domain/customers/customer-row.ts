/**
 * A customer (`api::customer.customer`, table `customers`) as the query layer returns it (camelCase fields, relations
 * left out unless populated), for the services that read customers beside the customers extension: contact matching,
 * contact-change proposals, the intake's receipt hooks. Datetimes as the query layer gives them (ISO text or Date);
 * contact fields may be null. Any other field (a populated relation) is unknown until checked.
 */
export interface CustomerRecord {
  id: number;
  documentId: string;
  name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  address: string | null;
  phoneNormalized: string | null;
  emailNormalized: string | null;
  segment: string | null;
  segmentReason: string | null;
  segmentManual: boolean | null;
  serviceContract: boolean | null;
  preferredChannel: string | null;
  locale: string | null;
  contactConsent: boolean | null;
  contactConsentAt: string | Date | null;
  notes: string | null;
  privacyState: string | null;
  anonymisedAt: string | Date | null;
  version: number | null;
  createdAt: string | Date;
  updatedAt: string | Date;
  [field: string]: unknown;
}
