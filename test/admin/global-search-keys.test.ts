/**
 * The global search's shortcut (admin/src/components/GlobalSearch/searchStore.ts): Ctrl+K or ⌘K
 * anywhere but in an editable text, "/" only outside text fields, never inside another dialog.
 */
import { globalSearch, isTextField, opensSearch } from '../../src/plugins/after-sales/admin/src/components/GlobalSearch/searchStore';

/** An element as the rule reads it: its tag, input type, editability and the dialogs around it. */
const element = (tagName: string, { type, editable = false, inside = [] }: { type?: string; editable?: boolean; inside?: string[] } = {}) =>
  ({
    tagName,
    type,
    isContentEditable: editable,
    closest: (selector: string) => (selector.split(',').some((s) => inside.includes(s)) ? {} : null),
  }) as unknown as EventTarget;
const press = (key: string, target: EventTarget | null, mods: { ctrl?: boolean; meta?: boolean; alt?: boolean; shift?: boolean } = {}) =>
  opensSearch({ key, target, ctrlKey: !!mods.ctrl, metaKey: !!mods.meta, altKey: !!mods.alt, shiftKey: !!mods.shift });

describe('the global search shortcut', () => {
  it('Ctrl+K and ⌘K open it on the page and in a text field, not in an editable text (the rich text’s link key)', () => {
    expect(press('k', element('BODY'), { ctrl: true })).toBe(true);
    expect(press('K', element('DIV'), { meta: true })).toBe(true);
    expect(press('k', element('INPUT', { type: 'text' }), { ctrl: true })).toBe(true);
    expect(press('k', element('DIV', { editable: true }), { ctrl: true })).toBe(false);
    expect(press('k', element('BODY'), { ctrl: true, shift: true })).toBe(false);
    expect(press('k', element('BODY'), { ctrl: true, alt: true })).toBe(false);
    expect(press('k', element('BODY'))).toBe(false);
  });

  it('"/" opens it only outside text fields', () => {
    expect(press('/', element('BODY'))).toBe(true);
    expect(press('/', element('BUTTON'))).toBe(true);
    expect(press('/', element('INPUT', { type: 'checkbox' }))).toBe(true);
    expect(press('/', element('INPUT', { type: 'text' }))).toBe(false);
    expect(press('/', element('INPUT'))).toBe(false);
    expect(press('/', element('TEXTAREA'))).toBe(false);
    expect(press('/', element('SELECT'))).toBe(false);
    expect(press('/', element('DIV', { editable: true }))).toBe(false);
    expect(press('/', element('BODY'), { ctrl: true })).toBe(false);
  });

  it('not while another dialog of the admin holds the focus; inside its own dialog Ctrl+K is harmless', () => {
    expect(press('k', element('BUTTON', { inside: ['[role="dialog"]'] }), { ctrl: true })).toBe(false);
    expect(press('/', element('BUTTON', { inside: ['[role="alertdialog"]'] }))).toBe(false);
    expect(press('k', element('INPUT', { inside: ['[role="dialog"]', '[data-global-search]'] }), { ctrl: true })).toBe(true);
  });

  it('knows a text field', () => {
    expect(isTextField(null)).toBe(false);
    expect(isTextField(element('INPUT', { type: 'search' }))).toBe(true);
    expect(isTextField(element('INPUT', { type: 'radio' }))).toBe(false);
    expect(isTextField(element('A'))).toBe(false);
  });
});

describe('what is typed into the search', () => {
  // The store's timers are the page's (window.setTimeout); in these node tests the page is the global object.
  beforeAll(() => {
    (globalThis as { window?: unknown }).window = globalThis;
    jest.useFakeTimers();
  });
  afterAll(() => {
    jest.useRealTimers();
    delete (globalThis as { window?: unknown }).window;
  });

  it('a list box’s text survives its box drawn again, belongs to its list, and is forgotten with the dialog’s text when nobody may search any more (signed out)', () => {
    const removeHost = globalSearch.addHost();
    globalSearch.setListDraft('api::feedback.feedback', 'FB-2026');
    globalSearch.open('13800138000');
    expect(globalSearch.listDraftOf('api::feedback.feedback')).toBe('FB-2026');
    expect(globalSearch.listDraftOf('api::complaint.complaint')).toBe('');

    // The menu's icon drawn again on a new route (removed and added in the same moment): everything kept.
    removeHost();
    const removeAgain = globalSearch.addHost();
    jest.runAllTimers();
    expect(globalSearch.get()).toEqual({ open: true, query: '13800138000' });
    expect(globalSearch.listDraftOf('api::feedback.feedback')).toBe('FB-2026');

    // No icon left: closed, and nothing typed is kept for the next person.
    removeAgain();
    jest.runAllTimers();
    expect(globalSearch.get()).toEqual({ open: false, query: '' });
    expect(globalSearch.listDraftOf('api::feedback.feedback')).toBe('');
  });
});
