import * as React from 'react';
import { useIntl } from 'react-intl';
import { Field, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { getTranslation } from '../utils/getTranslation';
import { DataTable } from './Layout/DataTable';
import { Section } from './Layout/Section';
import type { OfficeFigures, RegionFigures, ServiceNetworkFigures } from '../../../shared/reports';
import { useJoins } from '../utils/joins';

export type OfficeRef = NonNullable<OfficeFigures['office']>;

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`);

/**
 * The monthly report's service network: one table by region (with each region's high-frequency
 * issues) and one by office, so that a head-office manager compares them for the month.
 */
export const ServiceNetwork = ({ regions, offices, threshold }: { regions: RegionFigures[]; offices: OfficeFigures[]; threshold: number }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const joins = useJoins();
  const headOffice = t('reports.headOffice', 'Head office (no office)');
  const nameOf = (code: string) => offices.find((o) => o.office?.code === code)?.office?.name ?? code;
  const figures = <Row extends ServiceNetworkFigures>() => [
    { header: t('reports.received', 'Received'), cell: (row: Row) => row.volume.total },
    { header: t('reports.returnsAndExchanges', 'Returns and exchanges'), cell: (row: Row) => row.volume.returnsAndExchanges },
    { header: t('reports.onTimeRate', 'On time'), cell: (row: Row) => joins.parenthesised(percent(row.onTime.rate), `${row.onTime.met}/${row.onTime.total}`) },
    {
      header: t('reports.satisfactionShort', 'Satisfaction'),
      cell: (row: Row) => (row.satisfaction.average === null ? '—' : joins.parenthesised(row.satisfaction.average, row.satisfaction.responses)),
    },
    { header: t('reports.complaintRate', 'Complaint rate'), cell: (row: Row) => percent(row.complaintRate) },
  ];
  return (
    <Section
      title={t('reports.byRegion', 'By region and office')}
      subtitle={t('reports.byRegionHint', 'Items received in the month, SLA clocks met on time, satisfaction, complaints among the items received')}
      testId="report-regions"
    >
      <DataTable
        rows={regions}
        rowKey={(row) => row.region ?? '—'}
        testId="report-regions-table"
        columns={[
          { header: t('reports.region', 'Region'), cell: (row) => row.region ?? headOffice },
          { header: t('reports.offices', 'Offices'), cell: (row) => row.offices.map(nameOf).join('、') || '—' },
          ...figures<RegionFigures>(),
          {
            header: t('reports.regionIssues', 'High-frequency issues (more than {threshold})', { threshold }),
            cell: (row) =>
              row.highFrequencyIssues.length ? (
                <Flex direction="column" alignItems="flex-start">
                  {row.highFrequencyIssues.map((issue) => (
                    <Typography key={`${issue.productModel}|${issue.type}`}>{`${issue.productModel} · ${t(`value.${issue.type}`, issue.type)} × ${issue.count}`}</Typography>
                  ))}
                </Flex>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <DataTable
        rows={offices}
        rowKey={(row) => row.office?.code ?? '—'}
        testId="report-offices-table"
        columns={[
          { header: t('reports.office', 'Office'), cell: (row) => row.office?.name ?? headOffice },
          { header: t('reports.region', 'Region'), cell: (row) => row.office?.region ?? '—' },
          ...figures<OfficeFigures>(),
        ]}
      />
    </Section>
  );
};

/** The region and office filters of the Reports page and the dashboard: regions from the offices, offices of the chosen region. */
export const RegionOfficeFilters = ({
  offices,
  region,
  office,
  onChange,
}: {
  offices: OfficeRef[];
  region: string;
  office: string;
  /** The new region and office ('' for all); choosing a region clears the office. */
  onChange: (next: { region: string; office: string }) => void;
}) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const regions = [...new Set(offices.map((o) => o.region))].sort((a, b) => a.localeCompare(b, 'zh-Hans'));
  return (
    <>
      <Field.Root name="region">
        <Field.Label>{t('reports.region', 'Region')}</Field.Label>
        <SingleSelect
          value={region}
          placeholder={t('reports.all', 'All')}
          onChange={(value: string | number) => onChange({ region: String(value ?? ''), office: '' })}
          onClear={() => onChange({ region: '', office: '' })}
        >
          {regions.map((r) => (
            <SingleSelectOption key={r} value={r}>
              {r}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      <Field.Root name="office">
        <Field.Label>{t('reports.office', 'Office')}</Field.Label>
        <SingleSelect
          value={office}
          placeholder={t('reports.all', 'All')}
          onChange={(value: string | number) => onChange({ region, office: String(value ?? '') })}
          onClear={() => onChange({ region, office: '' })}
        >
          {offices
            .filter((o) => !region || o.region === region)
            .map((o) => (
              <SingleSelectOption key={o.code} value={o.code}>
                {o.name}
              </SingleSelectOption>
            ))}
        </SingleSelect>
      </Field.Root>
    </>
  );
};
