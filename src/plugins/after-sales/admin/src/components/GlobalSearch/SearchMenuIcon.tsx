import * as React from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { RawIntlProvider, useIntl, type IntlShape } from 'react-intl';
import { useNavigate } from 'react-router-dom';
import { useTheme } from 'styled-components';
import { DesignSystemProvider, lightTheme } from '@strapi/design-system';
import { Search } from '@strapi/icons';
import { useFetchClient } from '@strapi/strapi/admin';
import { globalSearch } from './searchStore';
import { SearchDialog } from './SearchDialog';

type Get = <T>(url: string) => Promise<{ data: T }>;

/*
 * Strapi 5's admin has no header and no slot on every page for a plugin: each page draws its own
 * header, and the admin's own injection zones are empty (only the Content Manager has zones, on
 * its own pages). The one thing of ours drawn on every page, inside the admin's providers, is a
 * menu link's icon. Its icon is re-created whenever the menu is drawn again (a new route), so it
 * only hands over what the dialog needs (the language, theme, router and signed-in requests); the
 * dialog lives in a React root of its own that stays while staff move between pages.
 */
interface Bridge {
  intl: IntlShape;
  theme: typeof lightTheme;
}
let bridge: Bridge | null = null;
let latestGet: Get | null = null;
let latestNavigate: ((to: string) => void) | null = null;
const bridgeListeners = new Set<() => void>();
const subscribeBridge = (listener: () => void) => {
  bridgeListeners.add(listener);
  return () => {
    bridgeListeners.delete(listener);
  };
};
const stableGet: Get = (url) => (latestGet ? latestGet(url) : Promise.reject(new Error('not signed in')));
const stableNavigate = (to: string) => latestNavigate?.(to);

const DialogRoot = () => {
  const current = React.useSyncExternalStore(subscribeBridge, () => bridge);
  if (!current) return null;
  return (
    <RawIntlProvider value={current.intl}>
      <DesignSystemProvider locale={current.intl.locale} theme={current.theme}>
        <SearchDialog get={stableGet} navigate={stableNavigate} locale={current.intl.locale.startsWith('zh') ? 'zh-Hans' : 'en'} />
      </DesignSystemProvider>
    </RawIntlProvider>
  );
};

let root: Root | null = null;
const mountDialogRoot = () => {
  if (root) return;
  const element = document.createElement('div');
  element.id = 'after-sales-global-search';
  document.body.appendChild(element);
  root = createRoot(element);
  root.render(<DialogRoot />);
};

/**
 * The menu's Search entry (every page, for staff allowed to search): its icon, and the bridge to
 * the search dialog. A plain click (or Enter) on the entry opens the dialog where the staff member
 * is; a click with Ctrl, ⌘ or Shift or a new tab opens the search page.
 */
export const SearchMenuIcon = (props: Record<string, unknown>) => {
  const intl = useIntl();
  const theme = useTheme() as unknown as typeof lightTheme | undefined;
  const navigate = useNavigate();
  const { get } = useFetchClient();
  const ref = React.useRef<HTMLSpanElement>(null);

  latestGet = get as unknown as Get;
  latestNavigate = (to: string) => navigate(to);

  React.useEffect(() => {
    const nextTheme = theme && 'colors' in theme ? theme : lightTheme;
    if (!bridge || bridge.intl !== intl || bridge.theme !== nextTheme) {
      bridge = { intl, theme: nextTheme };
      bridgeListeners.forEach((listener) => listener());
    }
  }, [intl, theme]);

  React.useEffect(() => {
    mountDialogRoot();
    return globalSearch.addHost();
  }, []);

  React.useEffect(() => {
    const link = ref.current?.closest('a');
    if (!link) return;
    const onClick = (event: MouseEvent) => {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      // Before React Router's handler, which leaves a prevented click alone.
      event.preventDefault();
      globalSearch.open();
    };
    link.addEventListener('click', onClick);
    return () => link.removeEventListener('click', onClick);
  });

  return (
    <span ref={ref} style={{ display: 'inline-flex' }}>
      <Search {...props} />
    </span>
  );
};
