import * as React from 'react';
import { useIntl } from 'react-intl';
import { useNavigate, Link as RouterLink } from 'react-router-dom';
import { Badge, Box, Button, Flex, Link, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../../utils/getTranslation';
import { useServerErrors } from '../../../utils/serverErrors';
import { caseLink } from '../../../utils/caseLink';
import { ANALYSIS_REPORT_UID, type CauseCategory, type ReportSummary } from './types';

/** On the case screen of a feedback item or complaint: its problem analysis reports, and a button that opens a new one. */
export const AnalysisReportsBox = ({ uid, documentId }: { uid: string; documentId: string }) => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { get, post } = useFetchClient();
  const { describe } = useServerErrors();
  const navigate = useNavigate();
  const [data, setData] = React.useState<{ reports: ReportSummary[]; categories: CauseCategory[] } | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  React.useEffect(() => {
    get<{ data: { reports: ReportSummary[]; categories: CauseCategory[] } }>(`/after-sales/analysis-reports/of/${uid}/${documentId}`)
      .then((res) => setData(res.data.data))
      .catch(() => setData(null));
  }, [get, uid, documentId]);

  const open = async () => {
    setBusy(true);
    try {
      const res = await post<{ data: ReportSummary }>('/after-sales/analysis-reports', { source: { uid, documentId } });
      navigate(caseLink(ANALYSIS_REPORT_UID, res.data.data.documentId));
    } catch (err) {
      setError(describe(err, t('analysis.openFailed', 'The analysis report could not be opened.')));
    } finally {
      setBusy(false);
    }
  };
  if (!data) return null;
  const categoryTitle = (id: string | null) => {
    const category = data.categories.find((c) => c.id === id);
    return category ? (locale.startsWith('zh') ? category.title['zh-Hans'] : category.title.en) : null;
  };
  return (
    <Box background="neutral0" padding={5} shadow="tableShadow" hasRadius data-testid="case-analysis-reports">
      <Typography variant="delta" tag="h2">
        {t('analysis.box.title', 'Problem analysis reports')}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={2} paddingTop={3}>
        {data.reports.length === 0 ? <Typography textColor="neutral600">{t('analysis.box.none', 'No analysis report yet. Open one when the item needs R&D.')}</Typography> : null}
        {data.reports.map((r) => (
          <Flex key={r.documentId} gap={2} wrap="wrap">
            <Link tag={RouterLink} to={caseLink(ANALYSIS_REPORT_UID, r.documentId)}>
              {r.reference}
            </Link>
            <Badge>{r.state === 'reported' ? t('analysis.state.reported', 'Report submitted') : t('analysis.state.analysing', 'Root-cause analysis')}</Badge>
            {r.causeCategory ? <Typography variant="pi">{categoryTitle(r.causeCategory) ?? r.causeCategory}</Typography> : null}
          </Flex>
        ))}
        <Button variant="secondary" onClick={() => void open()} loading={busy} data-testid="analysis-open">
          {t('analysis.box.open', 'Open an analysis report')}
        </Button>
        {error ? <Typography textColor="danger600">{error}</Typography> : null}
      </Flex>
    </Box>
  );
};
