import * as React from 'react';
import { useIntl } from 'react-intl';
import { Button, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import { Eye, Upload } from '@strapi/icons';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import { DataTable } from '../../components/Layout/DataTable';
import { Section } from '../../components/Layout/Section';

interface PreviewLine {
  line: number;
  month: string;
  department: string;
  orders: number | null;
  deliveries: number | null;
}
type FieldError = { path?: (string | number)[] | string; message?: string; code?: string; values?: Record<string, string> };

const VOLUMES_URL = '/after-sales/complaint-rates/volumes';
const LINE = /^line (\d+)(?:, (month|department|orders|deliveries))?$/;

/**
 * Reports → the complaint rate's base: orders and deliveries per unit and month, pasted or read
 * from a CSV file, checked by the server without saving (the preview: the lines as they would be
 * saved, or each problem with its line and column), then saved whole.
 */
export const ComplaintRateBaseImport = ({ departmentOf, onSaved }: { departmentOf: (code: string) => string; onSaved: () => void }) => {
  const { formatMessage } = useIntl();
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const [csv, setCsv] = React.useState('');
  const [preview, setPreview] = React.useState<PreviewLine[] | null>(null);
  const [problems, setProblems] = React.useState<{ where: string; message: string }[]>([]);
  const [failure, setFailure] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  const columns: Record<string, string> = {
    month: t('reports.volumes.column.month', 'Month'),
    department: t('reports.volumes.column.department', 'Department'),
    orders: t('reports.volumes.column.orders', 'Orders'),
    deliveries: t('reports.volumes.column.deliveries', 'Deliveries'),
  };
  const column = (name: string) => columns[name] ?? name;
  /** `line 3, orders` → "第 3 行 · 订单数"; other paths (the whole text) as "CSV". */
  const whereOf = (path: FieldError['path']) => {
    const parts = typeof path === 'string' ? path.split('.') : (path ?? []);
    const match = LINE.exec(String(parts[parts.length - 1] ?? ''));
    if (!match) return 'CSV';
    const line = t('reports.volumes.line', 'Line {line}', { line: match[1] });
    return match[2] ? `${line} · ${column(match[2])}` : line;
  };

  const edit = (text: string) => {
    setCsv(text);
    setPreview(null);
    setProblems([]);
    setFailure(null);
  };

  const readFile = (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) void file.text().then(edit);
    event.target.value = '';
  };

  const send = async (dryRun: boolean) => {
    setBusy(true);
    setProblems([]);
    setFailure(null);
    try {
      const { data } = await put<{ data: { imported: number; preview?: PreviewLine[] } }>(VOLUMES_URL, { csv, dryRun });
      if (dryRun) setPreview(data.data.preview ?? []);
      else {
        toggleNotification({ type: 'success', message: t('reports.volumes.saved', '{count} lines saved', { count: data.data.imported }) });
        edit('');
        onSaved();
      }
    } catch (error: any) {
      setPreview(null);
      const list: FieldError[] = error?.response?.data?.error?.details?.errors ?? [];
      if (list.length) {
        setProblems(
          list.map((e) => ({
            where: whereOf(e.path),
            message: e.code ? formatMessage({ id: getTranslation(`error.${e.code}`), defaultMessage: e.message ?? '' }, e.values) : (e.message ?? ''),
          }))
        );
      } else setFailure(describe(error, t('reports.volumes.failed', 'The lines could not be checked')));
    } finally {
      setBusy(false);
    }
  };

  const count = (value: number | null) => (value === null ? '—' : value);
  return (
    <Section
      title={t('reports.volumes.title', 'Complaint rate base: orders and deliveries per unit')}
      subtitle={t(
        'reports.volumes.subtitle',
        'A CSV with the header month,department,orders,deliveries (department codes; an empty cell means unknown). Preview checks every line; saving replaces the figures of the same unit and month.'
      )}
      testId="volume-import"
    >
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Field.Root name="volumes-csv">
          <Field.Label>{t('reports.volumes.csv', 'CSV lines')}</Field.Label>
          <Textarea value={csv} placeholder={'month,department,orders,deliveries\n2026-11,sales,420,400'} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => edit(e.target.value)} />
        </Field.Root>
        <Flex gap={2} wrap="wrap">
          <Field.Root name="volumes-file">
            <Field.Label>{t('reports.volumes.file', 'Or read a CSV file')}</Field.Label>
            <input type="file" accept=".csv,text/csv,text/plain" onChange={readFile} data-testid="volume-file" />
          </Field.Root>
          <Button variant="secondary" startIcon={<Eye />} onClick={() => send(true)} disabled={!csv.trim() || busy}>
            {t('reports.volumes.preview', 'Preview')}
          </Button>
          <Button startIcon={<Upload />} onClick={() => send(false)} disabled={!preview || preview.length === 0 || busy} loading={busy}>
            {t('reports.volumes.save', 'Save the base')}
          </Button>
        </Flex>
        {failure && <Typography textColor="danger600">{failure}</Typography>}
        {problems.length > 0 && (
          <Flex direction="column" alignItems="stretch" gap={1} data-testid="volume-problems">
            <Typography textColor="danger600" fontWeight="bold">
              {t('reports.volumes.problems', 'Nothing is saved until every line is right:')}
            </Typography>
            {problems.map((p, i) => (
              <Typography key={i} textColor="danger600">
                {t('reports.volumes.problem', '{where}: {message}', { where: p.where, message: p.message })}
              </Typography>
            ))}
          </Flex>
        )}
        {preview && (
          <DataTable
            testId="volume-preview"
            rows={preview}
            rowKey={(row) => String(row.line)}
            empty={t('reports.volumes.empty', 'The CSV has no lines under its header.')}
            columns={[
              { header: t('reports.volumes.line.header', 'Line'), cell: (row) => row.line },
              { header: column('month'), cell: (row) => row.month },
              { header: column('department'), cell: (row) => departmentOf(row.department) },
              { header: column('orders'), cell: (row) => count(row.orders) },
              { header: column('deliveries'), cell: (row) => count(row.deliveries) },
            ]}
          />
        )}
      </Flex>
    </Section>
  );
};
