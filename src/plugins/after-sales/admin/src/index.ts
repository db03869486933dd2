import { PLUGIN_ID } from './pluginId';
import { PERMISSIONS } from './permissions';
import { prefixTranslations } from './utils/prefixTranslations';
import { WorkflowPanel } from './components/WorkflowPanel';
import { Bell, ChartPie, CheckCircle, Clock, Phone, ChartBubble, PriceTag, User, PresentationChart, Lightbulb, BulletList, Heart } from '@strapi/icons';
import { OpenItemsByDefault } from './components/ContentManager/OpenItemsByDefault';
import { PrivacyPanel } from './components/PrivacyPanel';
import { ContactProposalsPanel } from './components/ContactProposalsPanel';
import { CustomerPageLink } from './components/CustomerPageLink';
import { KnowledgeVotesPanel } from './components/KnowledgeVotesPanel';
import { translateListCells } from './components/ListCells';
import { translateListFilters } from './components/ListCells/filters';
import { RelationLinker, announceCreatedDocuments } from './components/RelationLinker';
import { putAfterSalesWidgetsFirst, hideMediaLibraryBanner } from './utils/homepage';
import { CASE_ROUTE } from './utils/caseLink';
import { NotificationsMenuIcon } from './components/Notifications/NotificationsMenuIcon';
import { SearchMenuIcon } from './components/GlobalSearch/SearchMenuIcon';
import { ListViewSearch } from './components/GlobalSearch/ListViewSearch';
import { installSearchShortcut } from './components/GlobalSearch/searchStore';

export default {
  register(app: any) {
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
    putAfterSalesWidgetsFirst(app.widgets);
    hideMediaLibraryBanner();

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/dashboard`,
      icon: ChartPie,
      intlLabel: { id: `${PLUGIN_ID}.dashboard.menu`, defaultMessage: 'After-sales' },
      Component: () => import('./pages/Dashboard/DashboardPage'),
      permissions: [],
      position: 2,
    });

    // The global search (issue #23): Strapi's admin has no header slot, so it is a menu entry on every page whose
    // icon bridges to a search dialog; Ctrl+K, ⌘K and "/" open it anywhere (components/GlobalSearch/).
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/search`,
      icon: SearchMenuIcon,
      intlLabel: { id: `${PLUGIN_ID}.search.menu`, defaultMessage: 'Search (Ctrl+K)' },
      Component: () => import('./pages/Search/SearchPage'),
      permissions: PERMISSIONS.workQueues,
      position: 0,
    });

    // The case screen: no menu entry of its own, opened from the lists, the dashboard and the record's side panel.
    app.router.addRoute({ path: CASE_ROUTE, lazy: async () => ({ Component: (await import('./pages/Case/CasePage')).CasePage }) });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/reports`,
      icon: ChartBubble,
      intlLabel: { id: `${PLUGIN_ID}.reports.title`, defaultMessage: 'Reports' },
      Component: () => import('./pages/Reports/ReportsPage'),
      permissions: PERMISSIONS.readReports,
      position: 3,
    });

    // The supervisor's view: department heads (their members) and managers; the server scopes, refuses and audits.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/supervisor`,
      icon: PresentationChart,
      intlLabel: { id: `${PLUGIN_ID}.supervisor.menu`, defaultMessage: "Supervisor's view" },
      Component: () => import('./pages/Supervisor/SupervisorPage'),
      permissions: PERMISSIONS.supervise,
      position: 3,
    });

    // The customers extension: duplicates and merges (index), one customer's page (`/:documentId`).
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/customers`,
      icon: User,
      intlLabel: { id: `${PLUGIN_ID}.customers.title`, defaultMessage: 'Customers' },
      Component: () => import('./pages/Customers/CustomersPage'),
      permissions: [],
      position: 4,
    });

    // The segments extension: customers to win back, with the call to make.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/win-back`,
      icon: Heart,
      intlLabel: { id: `${PLUGIN_ID}.winBack.title`, defaultMessage: 'Win-back' },
      Component: () => import('./pages/WinBack/WinBackPage'),
      permissions: PERMISSIONS.winBack,
      position: 4,
    });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/front-desk`,
      icon: Phone,
      intlLabel: { id: `${PLUGIN_ID}.frontDesk.menu`, defaultMessage: 'Register a case' },
      Component: () => import('./pages/FrontDesk/RegisterCasePage'),
      permissions: PERMISSIONS.registerCases,
      position: 5,
    });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/suggestions`,
      icon: Lightbulb,
      intlLabel: { id: `${PLUGIN_ID}.suggestions.menu`, defaultMessage: 'Suggestions backlog' },
      Component: () => import('./pages/FrontDesk/SuggestionsPage'),
      permissions: PERMISSIONS.reviewSuggestions,
      position: 6,
    });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/queues`,
      icon: BulletList,
      intlLabel: { id: `${PLUGIN_ID}.queues.title`, defaultMessage: 'Work queues' },
      Component: () => import('./pages/Queues/QueuesPage'),
      permissions: PERMISSIONS.workQueues,
      position: 3,
    });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/care-calls`,
      icon: Heart,
      intlLabel: { id: `${PLUGIN_ID}.care.title`, defaultMessage: 'Care calls' },
      Component: () => import('./pages/Care/CareCallsPage'),
      permissions: PERMISSIONS.careCalls,
      position: 7,
    });

    // Every signed-in member has notifications of their own: no permission needed.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/notifications`,
      icon: NotificationsMenuIcon,
      intlLabel: { id: `${PLUGIN_ID}.notifications.title`, defaultMessage: 'Notifications' },
      Component: () => import('./pages/Notifications/NotificationsPage'),
      permissions: [],
      position: 7,
    });

    app.customFields.register({
      name: 'tags',
      pluginId: PLUGIN_ID,
      type: 'json',
      intlLabel: { id: `${PLUGIN_ID}.tags.label`, defaultMessage: 'Tags' },
      intlDescription: { id: `${PLUGIN_ID}.tags.description`, defaultMessage: 'Words that group knowledge articles, picked from the tags in use' },
      icon: PriceTag,
      components: { Input: async () => import('./components/TagsInput') },
    });

    app.widgets.register([
      {
        id: 'my-notifications',
        pluginId: PLUGIN_ID,
        icon: Bell,
        title: { id: `${PLUGIN_ID}.notifications.widget`, defaultMessage: 'My notifications' },
        link: { label: { id: `${PLUGIN_ID}.notifications.openAll`, defaultMessage: 'All notifications' }, href: `/plugins/${PLUGIN_ID}/notifications` },
        component: async () => (await import('./components/widgets/NotificationsWidget')).default,
      },
      {
        id: 'my-overdue',
        pluginId: PLUGIN_ID,
        icon: Clock,
        title: { id: `${PLUGIN_ID}.widget.myOverdue`, defaultMessage: 'My overdue items' },
        link: { label: { id: `${PLUGIN_ID}.widget.openDashboard`, defaultMessage: 'Open the dashboard' }, href: `/plugins/${PLUGIN_ID}/dashboard` },
        component: async () => (await import('./components/widgets/MyOverdueWidget')).default,
      },
      {
        id: 'todays-callbacks',
        pluginId: PLUGIN_ID,
        icon: Phone,
        title: { id: `${PLUGIN_ID}.widget.todaysCallbacks`, defaultMessage: "Today's callbacks" },
        link: { label: { id: `${PLUGIN_ID}.widget.openDashboard`, defaultMessage: 'Open the dashboard' }, href: `/plugins/${PLUGIN_ID}/dashboard` },
        component: async () => (await import('./components/widgets/TodaysCallbacksWidget')).default,
      },
      {
        id: 'awaiting-approval',
        pluginId: PLUGIN_ID,
        icon: CheckCircle,
        title: { id: `${PLUGIN_ID}.widget.awaitingApproval`, defaultMessage: 'Awaiting my approval' },
        link: { label: { id: `${PLUGIN_ID}.widget.openDashboard`, defaultMessage: 'Open the dashboard' }, href: `/plugins/${PLUGIN_ID}/dashboard` },
        component: async () => (await import('./components/widgets/AwaitingApprovalWidget')).default,
      },
    ]);

    app.createSettingSection({ id: PLUGIN_ID, intlLabel: { id: `${PLUGIN_ID}.settings.section`, defaultMessage: 'After-sales' } }, [
      {
        intlLabel: { id: `${PLUGIN_ID}.extensions.title`, defaultMessage: 'Extensions' },
        id: 'extensions',
        to: `${PLUGIN_ID}/extensions`,
        Component: () => import('./pages/Extensions/ExtensionsPage'),
        permissions: PERMISSIONS.readExtensions,
      },
      {
        intlLabel: { id: `${PLUGIN_ID}.organisation.title`, defaultMessage: 'Departments and channels' },
        id: 'organisation',
        to: `${PLUGIN_ID}/organisation`,
        Component: () => import('./pages/Organisation/OrganisationPage'),
        permissions: PERMISSIONS.manageOrganisation,
      },
      {
        intlLabel: { id: `${PLUGIN_ID}.templates.title`, defaultMessage: 'Message templates' },
        id: 'message-templates',
        to: `${PLUGIN_ID}/message-templates`,
        Component: () => import('./pages/Templates/TemplateEditorPage'),
        permissions: PERMISSIONS.editTemplates,
      },
      {
        intlLabel: { id: `${PLUGIN_ID}.portalTexts.title`, defaultMessage: 'Customer page texts' },
        id: 'portal-texts',
        to: `${PLUGIN_ID}/portal-texts`,
        Component: () => import('./pages/PortalTexts/PortalTextsPage'),
        permissions: PERMISSIONS.editTemplates,
      },
      {
        intlLabel: { id: `${PLUGIN_ID}.privacy.audit.title`, defaultMessage: 'Privacy' },
        id: 'privacy',
        to: `${PLUGIN_ID}/privacy`,
        Component: () => import('./pages/PrivacyAudit/PrivacyAuditPage'),
        permissions: PERMISSIONS.readPrivacyAudit,
      },
      {
        intlLabel: { id: `${PLUGIN_ID}.queues.tags.title`, defaultMessage: 'Tags' },
        id: 'tags',
        to: `${PLUGIN_ID}/tags`,
        Component: () => import('./pages/Queues/TagsPage'),
        permissions: PERMISSIONS.manageTags,
      },
      {
        intlLabel: { id: `${PLUGIN_ID}.segments.settings.title`, defaultMessage: 'Customer segments' },
        id: 'customer-segments',
        to: `${PLUGIN_ID}/customer-segments`,
        Component: () => import('./pages/Segments/SegmentsSettingsPage'),
        permissions: PERMISSIONS.manageSegments,
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
    ]);
  },

  bootstrap(app: any) {
    app.getPlugin('content-manager').apis.addEditViewSidePanel([WorkflowPanel, PrivacyPanel, ContactProposalsPanel, CustomerPageLink, KnowledgeVotesPanel]);
    app.getPlugin('content-manager').injectComponent('listView', 'actions', { name: 'after-sales-open-items-by-default', Component: OpenItemsByDefault });
    app.getPlugin('content-manager').injectComponent('listView', 'actions', { name: 'after-sales-global-search', Component: ListViewSearch });
    installSearchShortcut();
    app.registerHook('Admin/CM/pages/ListView/inject-column-in-table', translateListCells);
    app.registerHook('Admin/CM/pages/ListView/inject-in-filters', translateListFilters);
    app.getPlugin('content-manager').injectComponent('editView', 'right-links', { name: 'after-sales-relation-linker', Component: RelationLinker });
    announceCreatedDocuments();
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = await import(`./translations/${locale}.json`);
          // Content Manager labels, content-type names and enumeration options: the ids the
          // Content Manager itself asks for, so they are not prefixed.
          const { default: contentManager } = await import(`./translations/content-manager/${locale}.json`);
          // Strapi's own interface strings that its zh-Hans translation lacks (or files under a
          // key the Content Manager never asks for): the homepage, the Content Manager's menu and forms.
          const { default: strapiStrings } = await import(`./translations/strapi/${locale}.json`);
          return { data: { ...strapiStrings, ...contentManager, ...prefixTranslations(data, PLUGIN_ID) }, locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};
