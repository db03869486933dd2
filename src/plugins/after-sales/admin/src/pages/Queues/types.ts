import type { QueueRow } from '../../../../shared/queues';

/** What the work-queue routes answer (`/after-sales/queues/…`, extension after-sales.queues). */
export type Text = string | { en?: string; 'zh-Hans'?: string } | undefined;

export const textOf = (text: Text, locale: string, fallback = ''): string => {
  if (!text) return fallback;
  if (typeof text === 'string') return text;
  return (locale.startsWith('zh') ? text['zh-Hans'] : text.en) ?? text.en ?? text['zh-Hans'] ?? fallback;
};

export interface QueueTag {
  id: number;
  name: string;
  colour: string;
}

/** A row of a queue as the page receives it: the customer as the role may read it, with the item's tags. */
export type QueueItem = Omit<QueueRow, 'customer'> & {
  customer: { name?: string | null; company?: string | null; phone?: string | null; email?: string | null } | null;
  tags: QueueTag[];
};

export interface QueueFilters {
  view?: string;
  kinds?: string[];
  states?: string[];
  severities?: string[];
  tags?: number[];
}

export interface SavedView {
  id: number;
  name: string;
  department: string | null;
  mine: boolean;
  filters: QueueFilters;
  columns: string[];
}

export interface KindInfo {
  id: string;
  contentType: string;
  title: Text;
  actions: { id: string; title: Text }[];
}

export interface ViewsAnswer {
  builtin: { id: string; columns: string[] }[];
  saved: SavedView[];
  columns: string[];
  departments: { code: string; name: string }[];
  kinds: KindInfo[];
}

export interface SearchHit extends Partial<QueueItem> {
  type: 'item' | 'customer';
  score: number;
  name?: string;
  company?: string | null;
  phone?: string | null;
  email?: string | null;
}

export interface BulkAnswer {
  done: number;
  refused: number;
  items: {
    contentType: string;
    documentId: string;
    reference: string | null;
    ok: boolean;
    status?: number;
    code?: string;
    message?: string;
    /** A merged item: what moved to the case kept. */
    moved?: { entries: number; links: number; tags: number };
  }[];
  /** A merge: the case kept. */
  target?: { contentType: string; documentId: string; reference: string | null };
}
