import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Button, Field, Flex, Loader, TextInput } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import { useSettingsList } from '../../utils/useSettingsList';
import { NoAccess } from '../../components/NoAccess';
import { DataTable } from '../../components/Layout/DataTable';
import type { QueueTag } from './types';

type Row = QueueTag & { items: number };

/** Settings → After-sales → Tags: the managed list of tags (name, colour) staff put on cases from the queue page. */
export const TagsPage = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { post, put, del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const { rows, forbidden, reload: load } = useSettingsList<Row>('/after-sales/queues/tags');
  const [name, setName] = React.useState('');
  const [colour, setColour] = React.useState('#4945ff');
  const [editing, setEditing] = React.useState<number | null>(null);

  if (forbidden) return <NoAccess />;
  const save = async () => {
    try {
      if (editing === null) await post('/after-sales/queues/tags', { name, colour });
      else await put(`/after-sales/queues/tags/${editing}`, { name, colour });
      toggleNotification({ type: 'success', message: t('queues.tags.saved', 'The tag is saved.') });
      setName('');
      setEditing(null);
      load();
    } catch (e) {
      toggleNotification({ type: 'danger', message: describe(e, t('queues.tags.failed', 'The tag could not be saved.')) });
    }
  };
  const remove = async (tag: Row) => {
    try {
      await del(`/after-sales/queues/tags/${tag.id}`);
      load();
    } catch (e) {
      toggleNotification({ type: 'danger', message: describe(e, t('queues.tags.failed', 'The tag could not be saved.')) });
    }
  };
  return (
    <Page.Main>
      <Page.Title>{t('queues.tags.title', 'Tags')}</Page.Title>
      <Layouts.Header title={t('queues.tags.title', 'Tags')} subtitle={t('queues.tags.subtitle', 'Tags staff put on cases from the work queues, and filter views by')} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Flex gap={3} alignItems="flex-end">
            <Field.Root name="tag-name" required>
              <Field.Label>{t('queues.tags.name', 'Name')}</Field.Label>
              <TextInput value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} data-testid="tag-name" />
            </Field.Root>
            <Field.Root name="tag-colour">
              <Field.Label>{t('queues.tags.colour', 'Colour')}</Field.Label>
              <input type="color" value={colour} onChange={(e) => setColour(e.target.value)} aria-label={t('queues.tags.colour', 'Colour')} style={{ height: 40, width: 64 }} />
            </Field.Root>
            <Button onClick={() => void save()} disabled={!name.trim()} data-testid="tag-save">
              {editing === null ? t('queues.tags.add', 'Add the tag') : t('queues.tags.save', 'Save the tag')}
            </Button>
          </Flex>
          {rows === null ? (
            <Loader small>{t('panel.loading', 'Loading')}</Loader>
          ) : (
            <DataTable
              rows={rows}
              rowKey={(tag) => String(tag.id)}
              empty={t('queues.tags.empty', 'No tags yet.')}
              columns={[
                {
                  header: t('queues.tags.name', 'Name'),
                  cell: (tag) => (
                    <Badge textColor="neutral0" style={{ backgroundColor: tag.colour }}>
                      {tag.name}
                    </Badge>
                  ),
                },
                { header: t('queues.tags.items', 'Cases'), cell: (tag) => tag.items },
                {
                  header: t('queues.tags.actions', 'Actions'),
                  cell: (tag) => (
                    <Flex gap={2}>
                      <Button
                        variant="tertiary"
                        size="S"
                        onClick={() => {
                          setEditing(tag.id);
                          setName(tag.name);
                          setColour(tag.colour);
                        }}
                      >
                        {t('queues.tags.edit', 'Edit')}
                      </Button>
                      <Button variant="danger-light" size="S" onClick={() => void remove(tag)}>
                        {t('queues.tags.delete', 'Delete')}
                      </Button>
                    </Flex>
                  ),
                },
              ]}
            />
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default TagsPage;
