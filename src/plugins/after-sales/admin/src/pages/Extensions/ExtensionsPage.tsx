import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Flex, Switch, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { PageFailure } from '../../components/NoAccess';
import { PERMISSIONS } from '../../permissions';
import { ExtensionSettingsDialog } from './ExtensionSettingsDialog';
import { useJoins } from '../../utils/joins';

interface Extension {
  id: string;
  version: string;
  displayName: string | { en: string; 'zh-Hans'?: string };
  description: string | null;
  builtin: boolean;
  state: 'active' | 'inactive' | 'disabled' | 'failed';
  reason: string | null;
  contributes: Record<string, string[]>;
}

const STATE_COLOURS: Record<Extension['state'], { background: string; text: string }> = {
  active: { background: 'success100', text: 'success700' },
  inactive: { background: 'neutral150', text: 'neutral700' },
  disabled: { background: 'warning100', text: 'warning700' },
  failed: { background: 'danger100', text: 'danger700' },
};

/** Settings → After-sales → Extensions: what is installed, its state, what it contributes; a switch per extension. */
export const ExtensionsPage = () => {
  const { formatMessage, locale } = useIntl();
  const { get, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [extensions, setExtensions] = React.useState<Extension[] | null>(null);
  const [error, setError] = React.useState<unknown>(null);
  const {
    allowedActions: { canManage },
  } = useRBAC(PERMISSIONS.manageExtensions);
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const joins = useJoins();

  const load = React.useCallback(async () => {
    try {
      const { data } = await get<{ data: Extension[] }>('/after-sales/extensions');
      setExtensions(data.data);
    } catch (err) {
      setError(err ?? true);
    }
  }, [get]);

  React.useEffect(() => {
    load();
  }, [load]);

  const toggle = async (extension: Extension, enabled: boolean) => {
    try {
      await put(`/after-sales/extensions/${encodeURIComponent(extension.id)}`, { enabled });
      toggleNotification({ type: 'success', message: t(enabled ? 'extensions.enabled' : 'extensions.disabled', enabled ? '{name} is on' : '{name} is off', { name: extension.id }) });
      await load();
    } catch {
      toggleNotification({ type: 'danger', message: t('extensions.toggleFailed', 'The change could not be saved') });
    }
  };

  if (error) return <PageFailure error={error} />;
  if (!extensions) return <Page.Loading />;

  const nameOf = (e: Extension) => (typeof e.displayName === 'string' ? e.displayName : ((e.displayName as Record<string, string>)[locale] ?? e.displayName.en));

  return (
    <Page.Main>
      <Page.Title>{t('extensions.title', 'Extensions')}</Page.Title>
      <Layouts.Header title={t('extensions.title', 'Extensions')} subtitle={t('extensions.subtitle', 'What the after-sales host has installed, and what each extension adds')} />
      <Layouts.Content>
        <Table colCount={5} rowCount={extensions.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{t('extensions.column.name', 'Extension')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('extensions.column.version', 'Version')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('extensions.column.state', 'State')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('extensions.column.contributes', 'Contributes')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('extensions.column.enabled', 'On')}</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {extensions.map((extension) => (
              <Tr key={extension.id}>
                <Td>
                  <Flex direction="column" alignItems="flex-start" gap={1}>
                    <Typography fontWeight="bold">{nameOf(extension)}</Typography>
                    <Typography variant="pi" textColor="neutral600">
                      {extension.id} · {extension.builtin ? t('extensions.builtin', 'built in') : t('extensions.thirdParty', 'third party')}
                    </Typography>
                    {(extension.contributes.configuration ?? []).length > 0 && <ExtensionSettingsDialog id={extension.id} name={nameOf(extension)} canEdit={!!canManage} />}
                    {extension.reason && (
                      <Typography variant="pi" textColor={extension.state === 'failed' ? 'danger600' : 'neutral600'}>
                        {extension.reason}
                      </Typography>
                    )}
                  </Flex>
                </Td>
                <Td>
                  <Typography>{extension.version}</Typography>
                </Td>
                <Td>
                  <Badge backgroundColor={STATE_COLOURS[extension.state].background} textColor={STATE_COLOURS[extension.state].text}>
                    {t(`extensions.state.${extension.state}`, extension.state)}
                  </Badge>
                </Td>
                <Td>
                  <Box>
                    {Object.entries(extension.contributes).map(([point, ids]) => (
                      <Typography key={point} variant="pi" tag="p">
                        {joins.labelled(point, ids.join(', ') || '—')}
                      </Typography>
                    ))}
                  </Box>
                </Td>
                <Td>
                  <Switch
                    aria-label={t('extensions.toggle', 'Turn {name} on or off', { name: extension.id })}
                    checked={extension.state !== 'disabled'}
                    disabled={extension.state === 'failed'}
                    onCheckedChange={(checked: boolean) => toggle(extension, checked)}
                  />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </Layouts.Content>
    </Page.Main>
  );
};

export default ExtensionsPage;
