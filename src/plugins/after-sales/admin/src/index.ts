import { PLUGIN_ID } from './pluginId';
import { PERMISSIONS } from './permissions';
import { prefixTranslations } from './utils/prefixTranslations';
import { WorkflowPanel } from './components/WorkflowPanel';

export default {
  register(app: any) {
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });

    app.createSettingSection(
      { id: PLUGIN_ID, intlLabel: { id: `${PLUGIN_ID}.settings.section`, defaultMessage: 'After-sales' } },
      [
        {
          intlLabel: { id: `${PLUGIN_ID}.extensions.title`, defaultMessage: 'Extensions' },
          id: 'extensions',
          to: `${PLUGIN_ID}/extensions`,
          Component: () => import('./pages/Extensions/ExtensionsPage'),
          permissions: PERMISSIONS.readExtensions,
        },
        {
          intlLabel: { id: `${PLUGIN_ID}.sla.calendars.title`, defaultMessage: 'SLA calendars' },
          id: 'sla-calendars',
          to: `${PLUGIN_ID}/sla-calendars`,
          Component: () => import('./pages/Sla/CalendarsPage'),
          permissions: PERMISSIONS.readSlaSettings,
        },
        {
          intlLabel: { id: `${PLUGIN_ID}.sla.policies.title`, defaultMessage: 'SLA policies' },
          id: 'sla-policies',
          to: `${PLUGIN_ID}/sla-policies`,
          Component: () => import('./pages/Sla/PoliciesPage'),
          permissions: PERMISSIONS.readSlaSettings,
        },
      ]
    );
  },

  bootstrap(app: any) {
    app.getPlugin('content-manager').apis.addEditViewSidePanel([WorkflowPanel]);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = await import(`./translations/${locale}.json`);
          return { data: prefixTranslations(data, PLUGIN_ID), locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};
