import type { Core } from '@strapi/strapi';
import type { Disposable } from '../extension-api';
import type { ReportSectionHandler, WidgetHandler } from '../extension-api-reports';
import type { ExtensionManifest } from '../domain/extensions/types';
import type { LocalizedText } from '../domain/workflow/types';
import { checkSectionData, withTimeout, type SectionData } from '../domain/extensions/sections';
import { monthRange } from '../domain/reports/month-range';
import { getService } from '../utils/get-service';

type Point = 'reports' | 'widgets';
interface Registered<H> {
  extensionId: string;
  handler: H;
}

/** One section as the admin receives it: its data, or the error that stopped it (never a 500 for the page). */
export type SectionResult = { id: string; extensionId: string; title: LocalizedText; description: LocalizedText | null } & ({ status: 'ok'; data: SectionData } | { status: 'error'; error: string });

const POINT_WORDS: Record<Point, string> = { reports: 'report section', widgets: 'widget' };

/**
 * What extensions contribute through code beside their manifest: report sections, dashboard
 * widgets and message channels. A handler is kept under its declared id with the extension that
 * registered it; only usable extensions' entries are run (the host's `contributions`), each with a
 * time limit, and a failing one becomes that entry's error.
 */
const contributedSections = ({ strapi }: { strapi: Core.Strapi }) => {
  const registries = { reports: new Map<string, Registered<ReportSectionHandler>>(), widgets: new Map<string, Registered<WidgetHandler>>() };
  const host = () => getService(strapi, 'extension-host');
  const timeoutMs = () => strapi.config.get<number>('plugin::after-sales.sectionTimeoutMs', 10_000);

  const declare = (point: Point | 'channels', manifest: ExtensionManifest, id: string) => {
    if (!(manifest.contributes?.[point] ?? []).some((entry) => entry.id === id)) {
      throw new Error(`extension ${manifest.id} registers ${point === 'channels' ? 'channel' : POINT_WORDS[point]} "${id}" that its manifest does not declare under contributes.${point}`);
    }
  };

  const register = <P extends Point>(point: P, manifest: ExtensionManifest, id: string, handler: P extends 'reports' ? ReportSectionHandler : WidgetHandler): Disposable => {
    declare(point, manifest, id);
    const registry = registries[point] as Map<string, Registered<typeof handler>>;
    const entry = { extensionId: manifest.id, handler };
    registry.set(id, entry);
    return { dispose: () => void (registry.get(id) === entry && registry.delete(id)) };
  };

  const run = async <Q>(point: Point, query: Q): Promise<SectionResult[]> => {
    const registry = registries[point] as unknown as Map<string, Registered<(q: Q & { signal: AbortSignal }) => Promise<unknown>>>;
    return Promise.all(
      host()
        .contributions(point)
        .map(async ({ extensionId, value }): Promise<SectionResult> => {
          const base = { id: value.id, extensionId, title: value.title, description: value.description ?? null };
          const entry = registry.get(value.id);
          if (!entry || entry.extensionId !== extensionId) return { ...base, status: 'error', error: `the extension has not registered this ${POINT_WORDS[point]} (is it active?)` };
          const controller = new AbortController();
          try {
            const ms = timeoutMs();
            const data = await withTimeout(
              Promise.resolve().then(() => entry.handler({ ...query, signal: controller.signal })),
              ms
            );
            const checked = checkSectionData(data);
            return checked.ok ? { ...base, status: 'ok', data: checked.data } : { ...base, status: 'error', error: checked.message };
          } catch (error) {
            controller.abort();
            const message = (error as Error)?.message ?? String(error);
            strapi.log.warn(`[after-sales] ${POINT_WORDS[point]} "${value.id}" of ${extensionId} failed: ${message}`);
            return { ...base, status: 'error', error: message };
          }
        })
    );
  };

  return {
    registerSection: (manifest: ExtensionManifest, id: string, handler: ReportSectionHandler) => register('reports', manifest, id, handler),
    registerWidget: (manifest: ExtensionManifest, id: string, handler: WidgetHandler) => register('widgets', manifest, id, handler),

    /** The ids of the channels contributed by usable extensions. */
    channelIds: () => [
      ...new Set(
        host()
          .contributions('channels')
          .map(({ value }) => value.id)
      ),
    ],

    /** The report sections of usable extensions for one month (YYYY-MM, checked by the caller). */
    reportSections(month: string, departments?: string[]) {
      const range = monthRange(month, strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai'));
      return run('reports', { month, from: range.start, to: range.end, ...(departments?.length ? { departments } : {}) });
    },

    /** The dashboard widgets of usable extensions, for one staff member. */
    widgets(userId: number) {
      return run('widgets', { userId });
    },
  };
};

export default contributedSections;
