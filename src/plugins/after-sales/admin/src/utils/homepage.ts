import { PLUGIN_ID } from '../pluginId';

type Widget = { id: string; pluginId?: string };

/** Strapi's content statistics: counts of entries and of the project's assets, of no use to after-sales staff. */
const CONTENT_STATISTICS = ['content-manager:chart-entries', 'admin:key-statistics'];

/**
 * The homepage shows the after-sales widgets first (my overdue items, today's callbacks), then
 * Strapi's profile and recent-entries widgets; the content statistics are left out. A user who
 * arranged their homepage keeps their own layout.
 */
export const putAfterSalesWidgetsFirst = <W extends Widget>(widgets: W[]): W[] => {
  const ours = widgets.filter((w) => w.pluginId === PLUGIN_ID);
  const rest = widgets.filter((w) => w.pluginId !== PLUGIN_ID && !CONTENT_STATISTICS.includes(`${w.pluginId}:${w.id}`));
  return [...ours, ...rest];
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
