/**
 * The global search's state, outside React: the admin has no component that stays on every page and
 * is ours (see SearchMenuIcon), so the dialog, the menu entry, the Content Manager's list button and
 * the keyboard shortcut meet here. No customer data is kept beyond the open dialog's own answers.
 */

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
  target: EventTarget | null;
}

/** A field the staff member types into: an input that takes text, a text area, a select, an editable text. */
export const isTextField = (target: EventTarget | null): boolean => {
  const element = target as (HTMLElement & { type?: string }) | null;
  if (!element || typeof element.tagName !== 'string') return false;
  if (element.isContentEditable) return true;
  if (element.tagName === 'TEXTAREA' || element.tagName === 'SELECT') return true;
  if (element.tagName !== 'INPUT') return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes((element.type ?? 'text').toLowerCase());
};

/**
 * Does this key press open the search? Ctrl+K (⌘K on a Mac) anywhere except in an editable text
 * (the Content Manager's rich text uses it for a link); "/" alone when the focus is not in a text
 * field. Never while another dialog of the admin holds the focus.
 */
export const opensSearch = (event: KeyLike): boolean => {
  const element = event.target as HTMLElement | null;
  if (element && typeof element.closest === 'function' && element.closest('[role="dialog"],[role="alertdialog"]') && !element.closest('[data-global-search]')) return false;
  if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') return !(element && element.isContentEditable);
  if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey) return !isTextField(event.target);
  return false;
};

type State = { open: boolean; query: string };
let state: State = { open: false, query: '' };
/**
 * What is typed in a Content Manager list's box (ListViewSearch), by list: the Content Manager draws the
 * list's header again while it fetches, and half-typed text must not vanish with the old header.
 */
let listDraft = { slug: '', text: '' };
const listeners = new Set<() => void>();
/** Mounted menu icons: the shortcut opens the dialog only where the entry is shown (signed in, allowed to search). */
let hosts = 0;

const set = (next: Partial<State>) => {
  state = { ...state, ...next };
  listeners.forEach((listener) => listener());
};

export const globalSearch = {
  get: (): State => state,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
  /** Opens the dialog; with a query, that query replaces the one typed before. */
  open(query?: string) {
    set({ open: true, ...(query === undefined ? {} : { query }) });
  },
  close() {
    set({ open: false });
  },
  setQuery(query: string) {
    set({ query });
  },
  addHost() {
    hosts += 1;
    set({});
    return () => {
      hosts -= 1;
      // The menu draws its icon again on a new route: an icon replaced in the same moment keeps the dialog open.
      // No icon left (signed out, or no longer allowed to search): closed, and nothing typed is kept for the next person.
      window.setTimeout(() => {
        if (!hosts) {
          listDraft = { slug: '', text: '' };
          set({ open: false, query: '' });
        } else set({});
      }, 0);
    };
  },
  hasHost: () => hosts > 0,
  /** The text typed in the box of the list `slug`; another list's box starts empty. */
  listDraftOf: (slug: string) => (listDraft.slug === slug ? listDraft.text : ''),
  setListDraft(slug: string, text: string) {
    listDraft = { slug, text };
  },
};

let installed = false;
/** Listens for the shortcut on the whole page (once, from the plugin's bootstrap). */
export const installSearchShortcut = () => {
  if (installed || typeof window === 'undefined') return;
  installed = true;
  window.addEventListener(
    'keydown',
    (event) => {
      if (!globalSearch.hasHost() || event.defaultPrevented || !opensSearch(event)) return;
      event.preventDefault();
      event.stopPropagation();
      globalSearch.open();
    },
    true
  );
};
