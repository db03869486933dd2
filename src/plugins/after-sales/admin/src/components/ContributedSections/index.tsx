import * as React from 'react';
import { useIntl } from 'react-intl';
import { Flex, Grid, Loader, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { DataTable } from '../Layout/DataTable';
import { Section } from '../Layout/Section';

export type Localized = string | { en: string; 'zh-Hans'?: string };
type Cell = string | number | boolean | null;
export interface ContributedSection {
  id: string;
  extensionId: string;
  title: Localized;
  description: Localized | null;
  status: 'ok' | 'error';
  error?: string;
  data?: { columns: { key: string; title: Localized }[]; rows: Record<string, Cell>[]; note?: Localized };
}

/** A contributed text in the admin's language (English when the extension gives no Chinese). */
export const localizedText = (text: Localized, locale: string) => (typeof text === 'string' ? text : ((locale.startsWith('zh') ? text['zh-Hans'] : undefined) ?? text.en));

/**
 * Report sections or dashboard widgets contributed by extensions (`contributes.reports` /
 * `contributes.widgets`): each one's table, or the error that stopped it, under its own title.
 * Shows nothing when no extension contributes any.
 */
export const ContributedSections = ({ url, testId, archived }: { url: string | null; testId: string; archived?: ContributedSection[] }) => {
  const { formatMessage } = useIntl();
  const { get } = useFetchClient();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const [sections, setSections] = React.useState<ContributedSection[] | null>(null);
  const [failure, setFailure] = React.useState<string | null>(null);

  React.useEffect(() => {
    if (!url || archived) return;
    let live = true;
    setSections(null);
    setFailure(null);
    get<{ data: ContributedSection[] }>(url)
      .then(({ data }) => live && setSections(data.data))
      .catch((error: any) => live && setFailure(error?.response?.data?.error?.message ?? t('sections.failed', 'The extensions’ sections could not be loaded')));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url, get]);

  // An archived snapshot's sections are shown as they were stored, not fetched.
  if (archived) return archived.length ? <SectionTables sections={archived} testId={testId} /> : null;
  if (!url) return null;
  if (failure) return <Typography textColor="danger600">{failure}</Typography>;
  if (!sections) return <Loader small>{t('sections.loading', 'Loading the extensions’ sections')}</Loader>;
  if (!sections.length) return null;
  return <SectionTables sections={sections} testId={testId} />;
};

const SectionTables = ({ sections, testId }: { sections: ContributedSection[]; testId: string }) => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const text = (value: Localized) => localizedText(value, locale);
  const cell = (value: Cell) => (value === null ? '—' : typeof value === 'boolean' ? (value ? t('sections.yes', 'yes') : t('sections.no', 'no')) : value);

  return (
    <Grid.Root gap={4} data-testid={testId}>
      {sections.map((section) => (
        <Grid.Item key={`${section.extensionId}/${section.id}`} col={6} s={12} direction="column" alignItems="stretch">
          <Section title={text(section.title)} subtitle={section.description ? text(section.description) : undefined} testId={`section-${section.id}`}>
            {section.status === 'error' ? (
              <Typography textColor="danger600">{t('sections.error', 'This section could not be shown: {error}', { error: section.error ?? '' })}</Typography>
            ) : (
              <Flex direction="column" alignItems="stretch" gap={2}>
                <DataTable
                  rows={section.data!.rows.map((row, index) => ({ row, index }))}
                  rowKey={({ index }) => String(index)}
                  empty={t('sections.empty', 'Nothing to show.')}
                  columns={section.data!.columns.map((column) => ({ header: text(column.title), cell: ({ row }: { row: Record<string, Cell> }) => cell(row[column.key] ?? null) }))}
                />
                {section.data!.note && (
                  <Typography variant="pi" textColor="neutral600">
                    {text(section.data!.note)}
                  </Typography>
                )}
              </Flex>
            )}
            <Typography variant="pi" textColor="neutral500">
              {t('sections.contributedBy', 'From the extension {extension}', { extension: section.extensionId })}
            </Typography>
          </Section>
        </Grid.Item>
      ))}
    </Grid.Root>
  );
};
