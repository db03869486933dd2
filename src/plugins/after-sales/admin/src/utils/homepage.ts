import { PLUGIN_ID } from '../pluginId';

type Widget = { uid: string };
type WidgetRegistry = { getAll: () => Widget[] };

/** Strapi's content statistics: counts of entries and of the project's assets, of no use to after-sales staff. */
const CONTENT_STATISTICS = ['plugin::content-manager.chart-entries', 'plugin::admin.key-statistics'];

/** The homepage's widgets in the order staff need them. */
export const afterSalesFirst = <W extends Widget>(widgets: W[]): W[] => [
  ...widgets.filter((w) => w.uid.startsWith(`plugin::${PLUGIN_ID}.`)),
  ...widgets.filter((w) => !w.uid.startsWith(`plugin::${PLUGIN_ID}.`) && !CONTENT_STATISTICS.includes(w.uid)),
];

/**
 * The homepage shows the after-sales widgets first (my overdue items, today's callbacks), then
 * Strapi's profile and recent-entries widgets; the content statistics are left out. The registry
 * is read when the homepage renders, after every plugin registered its widgets. A user who
 * arranged their homepage keeps their own layout.
 */
export const putAfterSalesWidgetsFirst = (registry: WidgetRegistry) => {
  const getAll = registry.getAll;
  registry.getAll = () => afterSalesFirst(getAll());
};

const BANNER_KEY = 'STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_';

/**
 * Strapi announces its "new Media Library" in a banner above every page. Staff cannot act on it,
 * so it is marked as dismissed (the banner's own flag, in this browser's storage, per instance id).
 */
export const hideMediaLibraryBanner = () => {
  const dismiss = (scope: string) => {
    for (const legacy of ['true', 'false']) window.localStorage.setItem(`${BANNER_KEY}${legacy}:${scope}`, 'true');
  };
  try {
    // Without telemetry the instance id is `false`; `undefined` while it is being read.
    dismiss('false');
    dismiss('undefined');
    fetch(`${(window as any).strapi?.backendURL ?? ''}/admin/init`)
      .then((res) => res.json())
      .then((body: { data?: { uuid?: string | false } }) => dismiss(String(body.data?.uuid ?? 'false')))
      .catch(() => undefined);
  } catch {
    // storage unavailable (private mode): the banner stays, nothing else depends on it
  }
};
