import * as React from 'react';
import { Alert, Button, Field, Flex, Grid, IconButton, SingleSelect, SingleSelectOption, TextInput, Toggle, Typography } from '@strapi/design-system';
import { Download, Plus, Trash } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { DataTable } from '../../components/Layout/DataTable';
import { downloadExport, ErrorSummary, fieldErrors, Section, useT } from './shared';
import { ImportBox } from './ImportBox';
import { useEditableList } from './useEditableList';
import { PageFailure } from '../../components/NoAccess';
import { useJoins } from '../../utils/joins';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];

interface Interval {
  start: string;
  end: string;
}
interface DatedDay {
  date: string;
  name: string;
  hours?: Interval[];
}
interface Calendar {
  id: string;
  name: string;
  timeZone: string;
  weeklyHours: Record<Weekday, Interval[]>;
  holidays: DatedDay[];
  workingDays: DatedDay[];
  source?: string;
  provisionalRules?: 'cn-mainland-statutory';
}
interface CalendarRow {
  id: string;
  calendar: Calendar;
  coverage: { lastListedDate: string | null; warn: boolean; provisionalAfter: boolean };
  provisionalHolidays: DatedDay[];
  isDefault: boolean;
  departments: string[];
  contributedBy: string | null;
  edited: boolean;
  revision: number;
  updatedAt: string;
  updatedBy: string | null;
}
interface DepartmentCalendar {
  department: string;
  name: string;
  calendar: string | null;
}

const emptyCalendar = (): Calendar => ({
  id: '',
  name: '',
  timeZone: 'Asia/Shanghai',
  weeklyHours: {
    mon: [
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '18:30' },
    ],
    tue: [],
    wed: [],
    thu: [],
    fri: [],
    sat: [],
    sun: [],
  },
  holidays: [],
  workingDays: [],
});

/** One list of dated days (holidays or make-up working days): date and name per row. */
const DatedDays = ({ days, onChange, errors, path, testId }: { days: DatedDay[]; onChange: (days: DatedDay[]) => void; errors: Record<string, string>; path: string; testId: string }) => {
  const t = useT();
  const set = (index: number, patch: Partial<DatedDay>) => onChange(days.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid={testId}>
      {days.map((day, index) => (
        <Flex key={index} gap={2} alignItems="flex-start">
          <Field.Root name={`${path}.${index}.date`} error={errors[`data.${path}.${index}.date`]}>
            <Field.Label>{t('sla.calendar.date', 'Date (YYYY-MM-DD)')}</Field.Label>
            <TextInput value={day.date} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(index, { date: e.target.value })} />
            <Field.Error />
          </Field.Root>
          <Field.Root name={`${path}.${index}.name`} error={errors[`data.${path}.${index}.name`]} style={{ flex: 1 }}>
            <Field.Label>{t('sla.calendar.dayName', 'Name')}</Field.Label>
            <TextInput value={day.name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(index, { name: e.target.value })} />
            <Field.Error />
          </Field.Root>
          <IconButton label={t('sla.remove', 'Remove')} onClick={() => onChange(days.filter((_, i) => i !== index))} variant="ghost">
            <Trash />
          </IconButton>
        </Flex>
      ))}
      <Flex>
        <Button variant="secondary" startIcon={<Plus />} onClick={() => onChange([...days, { date: '', name: '' }])}>
          {t('sla.calendar.addDay', 'Add a date')}
        </Button>
      </Flex>
    </Flex>
  );
};

/** Settings → After-sales → SLA calendars: hours with breaks, holidays, make-up working days, import/export, departments. */
export const CalendarsPage = () => {
  const t = useT();
  const joins = useJoins();
  const { get, post, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [departments, setDepartments] = React.useState<DepartmentCalendar[]>([]);
  const [isDefault, setIsDefault] = React.useState(false);
  const [isNew, setIsNew] = React.useState(false);
  const [importing, setImporting] = React.useState({ format: 'ics', mode: 'merge', content: '' });
  const [importErrors, setImportErrors] = React.useState<Record<string, string>>({});
  const fetchRows = React.useCallback(async () => {
    const [calendars, mapping] = await Promise.all([get<{ data: CalendarRow[] }>('/after-sales/sla/calendars'), get<{ data: DepartmentCalendar[] }>('/after-sales/sla/department-calendars')]);
    setDepartments(mapping.data.data);
    return calendars.data.data;
  }, [get]);
  const {
    rows,
    row,
    selected,
    draft,
    setDraft,
    errors,
    setErrors,
    failed,
    reload: load,
    choose,
    remove: removeAt,
  } = useEditableList<CalendarRow, Calendar>({
    fetchRows,
    draftOf: (r) => r.calendar,
    preferred: (list) => list.find((r) => r.isDefault),
    onSelect: (r) => {
      setIsDefault(r.isDefault);
      setIsNew(false);
    },
  });

  if (failed) return <PageFailure error={failed} />;
  if (!rows || !draft) return <Page.Loading />;

  const update = (patch: Partial<Calendar>) => setDraft({ ...draft, ...patch });
  const setHours = (day: Weekday, hours: Interval[]) => update({ weeklyHours: { ...draft.weeklyHours, [day]: hours } });

  const save = async () => {
    setErrors({});
    try {
      const body = { data: draft, isDefault, ...(isNew ? {} : { revision: row?.revision }) };
      if (isNew) await post('/after-sales/sla/calendars', body);
      else await put(`/after-sales/sla/calendars/${encodeURIComponent(draft.id)}`, body);
      toggleNotification({ type: 'success', message: t('sla.calendar.saved', 'Saved. Running clocks on this calendar are counted again on the new days and hours.') });
      await load(draft.id);
    } catch (error) {
      setErrors(fieldErrors(error));
      toggleNotification({ type: 'danger', message: t('sla.notSaved', 'Not saved') });
    }
  };
  const remove = () => row && removeAt(`/after-sales/sla/calendars/${encodeURIComponent(row.id)}`);
  const exportAs = (format: 'json' | 'ics') =>
    row && downloadExport(get, `/after-sales/sla/calendars/${encodeURIComponent(row.id)}/export?format=${format}`, `${row.id}.${format}`, format === 'ics' ? 'text/calendar' : 'application/json');
  const runImport = async () => {
    setImportErrors({});
    try {
      const { data } = await post<{ data: CalendarRow }>('/after-sales/sla/calendars/import', {
        format: importing.format,
        mode: importing.mode,
        content: importing.content,
        ...(importing.format === 'ics' ? { id: draft.id } : {}),
      });
      toggleNotification({ type: 'success', message: t('sla.calendar.imported', 'Imported into {id}', { id: data.data.id }) });
      setImporting({ ...importing, content: '' });
      await load(data.data.id);
    } catch (error) {
      setImportErrors(fieldErrors(error));
    }
  };
  const mapDepartment = async (department: string, calendar: string) => {
    try {
      const { data } = await put<{ data: DepartmentCalendar[] }>('/after-sales/sla/department-calendars', { data: { [department]: calendar || null } });
      setDepartments(data.data);
      toggleNotification({ type: 'success', message: t('sla.saved', 'Saved. New clocks use it; running clocks keep their due dates.') });
    } catch (error) {
      toggleNotification({ type: 'danger', message: Object.values(fieldErrors(error)).join('; ') });
    }
  };

  return (
    <Page.Main>
      <Page.Title>{t('sla.calendars.title', 'SLA calendars')}</Page.Title>
      <Layouts.Header
        title={t('sla.calendars.title', 'SLA calendars')}
        subtitle={t('sla.calendars.subtitle', 'Working hours, public holidays and make-up working days the SLA clocks count on')}
        primaryAction={<Button onClick={save}>{t('sla.save', 'Save')}</Button>}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Section title={t('sla.calendars.choose', 'Calendar')}>
            <Flex gap={2} alignItems="flex-end" wrap="wrap">
              <Field.Root name="calendar">
                <Field.Label>{t('sla.calendars.choose', 'Calendar')}</Field.Label>
                <SingleSelect value={isNew ? undefined : (selected ?? undefined)} onChange={(value: string | number) => choose(String(value))} placeholder={t('sla.calendars.new', 'New calendar')}>
                  {rows.map((r) => (
                    <SingleSelectOption key={r.id} value={r.id}>
                      {`${joins.parenthesised(r.calendar.name, r.id)}${r.isDefault ? ` · ${t('sla.calendars.default', 'default')}` : ''}`}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Button variant="secondary" startIcon={<Plus />} onClick={() => (setDraft(emptyCalendar()), setIsNew(true), setIsDefault(false), setErrors({}))}>
                {t('sla.calendars.new', 'New calendar')}
              </Button>
              <Button variant="tertiary" startIcon={<Download />} disabled={isNew} onClick={() => exportAs('json')}>
                {t('sla.exportJson', 'Export JSON')}
              </Button>
              <Button variant="tertiary" startIcon={<Download />} disabled={isNew} onClick={() => exportAs('ics')}>
                {t('sla.exportIcs', 'Export .ics')}
              </Button>
              <Button variant="danger-light" startIcon={<Trash />} disabled={isNew || !row || row.isDefault} onClick={remove}>
                {t('sla.delete', 'Delete')}
              </Button>
            </Flex>
            {row && !isNew && (
              <Typography variant="pi" textColor="neutral600" tag="p" paddingTop={2}>
                {t('sla.provenance', 'Revision {revision} · {origin} · updated {updatedAt}', {
                  revision: row.revision,
                  origin: row.contributedBy
                    ? t(row.edited ? 'sla.fromExtensionEdited' : 'sla.fromExtension', row.edited ? 'from {extension}, edited' : 'from {extension}', { extension: row.contributedBy })
                    : t('sla.byAdmin', 'created by an administrator'),
                  updatedAt: new Date(row.updatedAt).toLocaleString(),
                })}
              </Typography>
            )}
          </Section>

          <ErrorSummary errors={errors} />

          {row && !isNew && row.coverage?.warn && (
            <Alert
              variant={row.coverage.provisionalAfter ? 'default' : 'danger'}
              closeLabel={t('sla.close', 'Close')}
              title={t('sla.calendar.coverageTitle', 'Holidays are listed up to {date}', { date: row.coverage.lastListedDate ?? '—' })}
              data-testid="sla-coverage-warning"
            >
              {row.coverage.provisionalAfter
                ? t(
                    'sla.calendar.coverageProvisional',
                    'Import the State Council’s notice for the next year (.ics or JSON) when it is published. Until then the days after this date use provisional holidays computed from the statutory rules, without make-up working days.'
                  )
                : t('sla.calendar.coverageNone', 'After this date every weekday counts as a working day. Import the next year’s notice, or turn on provisional holidays below.')}
            </Alert>
          )}

          <Section title={t('sla.calendar.general', 'General')}>
            <Grid.Root gap={4}>
              <Grid.Item col={3} s={12}>
                <Field.Root name="id" error={errors['data.id']} required>
                  <Field.Label>{t('sla.calendar.id', 'Id')}</Field.Label>
                  <TextInput value={draft.id} disabled={!isNew} onChange={(e: React.ChangeEvent<HTMLInputElement>) => update({ id: e.target.value })} />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={5} s={12}>
                <Field.Root name="name" error={errors['data.name']} required>
                  <Field.Label>{t('sla.calendar.name', 'Name')}</Field.Label>
                  <TextInput value={draft.name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => update({ name: e.target.value })} />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={4} s={12}>
                <Field.Root name="timeZone" error={errors['data.timeZone']} hint={t('sla.calendar.timeZoneHint', 'IANA time zone, e.g. Asia/Shanghai')}>
                  <Field.Label>{t('sla.calendar.timeZone', 'Time zone')}</Field.Label>
                  <TextInput value={draft.timeZone} onChange={(e: React.ChangeEvent<HTMLInputElement>) => update({ timeZone: e.target.value })} />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={8} s={12}>
                <Field.Root name="source" error={errors['data.source']}>
                  <Field.Label>{t('sla.calendar.source', 'Source of the dates')}</Field.Label>
                  <TextInput value={draft.source ?? ''} onChange={(e: React.ChangeEvent<HTMLInputElement>) => update({ source: e.target.value || undefined })} />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={4} s={12}>
                <Field.Root name="isDefault" error={errors.isDefault} hint={t('sla.calendar.defaultHint', 'Used by departments without a calendar of their own')}>
                  <Field.Label>{t('sla.calendar.isDefault', 'Default calendar')}</Field.Label>
                  <Toggle checked={isDefault} onLabel={t('sla.yes', 'Yes')} offLabel={t('sla.no', 'No')} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setIsDefault(e.target.checked)} />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
            </Grid.Root>
          </Section>

          <Section title={t('sla.calendar.weeklyHours', 'Weekly working hours')}>
            <Typography variant="pi" textColor="neutral600" tag="p" paddingBottom={4}>
              {t('sla.calendar.weeklyHoursHint', 'Several intervals a day leave breaks between them (09:00–12:00, 13:30–18:30). A day without intervals is not worked.')}
            </Typography>
            <Flex direction="column" alignItems="stretch" gap={3} data-testid="sla-weekly-hours">
              {WEEKDAYS.map((day) => (
                <Flex key={day} gap={3} alignItems="flex-start" wrap="wrap">
                  <Typography fontWeight="semiBold" style={{ width: '6rem', paddingTop: '0.5rem' }}>
                    {t(`sla.weekday.${day}`, day)}
                  </Typography>
                  {(draft.weeklyHours[day] ?? []).map((interval, index) => (
                    <Flex key={index} gap={1} alignItems="flex-start">
                      <Field.Root name={`${day}.${index}.start`} error={errors[`data.weeklyHours.${day}.${index}.start`] ?? errors[`data.weeklyHours.${day}.${index}`]}>
                        <TextInput
                          aria-label={t('sla.calendar.start', 'Start (HH:MM)')}
                          size="S"
                          value={interval.start}
                          onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                            setHours(
                              day,
                              draft.weeklyHours[day].map((h, i) => (i === index ? { ...h, start: e.target.value } : h))
                            )
                          }
                        />
                        <Field.Error />
                      </Field.Root>
                      <Typography style={{ paddingTop: '0.5rem' }}>–</Typography>
                      <Field.Root name={`${day}.${index}.end`} error={errors[`data.weeklyHours.${day}.${index}.end`]}>
                        <TextInput
                          aria-label={t('sla.calendar.end', 'End (HH:MM)')}
                          size="S"
                          value={interval.end}
                          onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                            setHours(
                              day,
                              draft.weeklyHours[day].map((h, i) => (i === index ? { ...h, end: e.target.value } : h))
                            )
                          }
                        />
                        <Field.Error />
                      </Field.Root>
                      <IconButton
                        label={t('sla.remove', 'Remove')}
                        variant="ghost"
                        onClick={() =>
                          setHours(
                            day,
                            draft.weeklyHours[day].filter((_, i) => i !== index)
                          )
                        }
                      >
                        <Trash />
                      </IconButton>
                    </Flex>
                  ))}
                  <IconButton
                    label={t('sla.calendar.addInterval', 'Add working hours')}
                    variant="secondary"
                    onClick={() => setHours(day, [...(draft.weeklyHours[day] ?? []), { start: '09:00', end: '12:00' }])}
                  >
                    <Plus />
                  </IconButton>
                </Flex>
              ))}
            </Flex>
          </Section>

          <Section title={t('sla.calendar.holidays', 'Public holidays')}>
            <DatedDays days={draft.holidays} path="holidays" errors={errors} testId="sla-holidays" onChange={(holidays) => update({ holidays })} />
          </Section>

          <Section title={t('sla.calendar.provisional', 'Provisional holidays (years without a notice)')}>
            <Field.Root
              name="provisionalRules"
              error={errors['data.provisionalRules']}
              hint={t(
                'sla.calendar.provisionalHint',
                'For every year this calendar lists no holiday of, the statutory holidays of mainland China (New Year, Spring Festival, Qingming, Labour Day, Dragon Boat, Mid-Autumn, National Day; a holiday on a weekend is made up on the next weekday) count as days off. Importing a year’s notice replaces them.'
              )}
            >
              <Field.Label>{t('sla.calendar.provisionalRules', 'Mainland China statutory holidays')}</Field.Label>
              <Toggle
                checked={draft.provisionalRules === 'cn-mainland-statutory'}
                onLabel={t('sla.yes', 'Yes')}
                offLabel={t('sla.no', 'No')}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => update({ provisionalRules: e.target.checked ? 'cn-mainland-statutory' : undefined })}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            {row && !isNew && row.provisionalHolidays?.length > 0 && (
              <Flex direction="column" alignItems="stretch" gap={1} paddingTop={4} data-testid="sla-provisional-holidays">
                {row.provisionalHolidays.map((h) => (
                  <Typography key={h.date} variant="omega">
                    {`${h.date} · ${h.name.replace(/（.*$/, '')} · ${t('sla.calendar.provisionalBadge', 'provisional')}`}
                  </Typography>
                ))}
              </Flex>
            )}
          </Section>

          <Section title={t('sla.calendar.workingDays', 'Make-up working days')}>
            <Typography variant="pi" textColor="neutral600" tag="p" paddingBottom={4}>
              {t('sla.calendar.workingDaysHint', 'A Saturday or Sunday worked in exchange for a longer holiday (调休上班). It has the hours of a standard working day.')}
            </Typography>
            <DatedDays days={draft.workingDays} path="workingDays" errors={errors} testId="sla-working-days" onChange={(workingDays) => update({ workingDays })} />
          </Section>

          <Section title={t('sla.import.title', 'Import')}>
            <ImportBox
              content={importing.content}
              onContent={(content, file) => setImporting({ ...importing, content, ...(file ? { format: file.name.endsWith('.json') ? 'json' : 'ics' } : {}) })}
              accept=".ics,.json,text/calendar,application/json"
              errors={importErrors}
              canImport={!(importing.format === 'ics' && isNew)}
              onImport={runImport}
            >
              <Grid.Root gap={4}>
                <Grid.Item col={6} s={12}>
                  <Field.Root name="format">
                    <Field.Label>{t('sla.import.format', 'Format')}</Field.Label>
                    <SingleSelect value={importing.format} onChange={(value: string | number) => setImporting({ ...importing, format: String(value) })}>
                      <SingleSelectOption value="ics">{t('sla.import.ics', 'iCalendar (.ics): dates into this calendar')}</SingleSelectOption>
                      <SingleSelectOption value="json">{t('sla.import.json', 'JSON: a whole calendar')}</SingleSelectOption>
                    </SingleSelect>
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={6} s={12}>
                  <Field.Root name="mode">
                    <Field.Label>{t('sla.import.mode', 'Dates already in the calendar')}</Field.Label>
                    <SingleSelect value={importing.mode} disabled={importing.format !== 'ics'} onChange={(value: string | number) => setImporting({ ...importing, mode: String(value) })}>
                      <SingleSelectOption value="merge">{t('sla.import.merge', 'keep (the file adds its dates)')}</SingleSelectOption>
                      <SingleSelectOption value="replace">{t('sla.import.replace', 'replace with the file’s dates')}</SingleSelectOption>
                    </SingleSelect>
                  </Field.Root>
                </Grid.Item>
              </Grid.Root>
            </ImportBox>
          </Section>

          <Section title={t('sla.departments.title', 'Calendar of each department')}>
            <DataTable
              rows={departments}
              rowKey={(d) => d.department}
              columns={[
                { header: t('sla.departments.department', 'Department'), cell: (d) => d.name },
                {
                  header: t('sla.calendars.choose', 'Calendar'),
                  cell: (d) => (
                    <SingleSelect aria-label={t('sla.calendars.choose', 'Calendar')} value={d.calendar ?? ''} onChange={(value: string | number) => mapDepartment(d.department, String(value))}>
                      <SingleSelectOption value="">{t('sla.departments.useDefault', 'the default calendar')}</SingleSelectOption>
                      {rows.map((r) => (
                        <SingleSelectOption key={r.id} value={r.id}>
                          {joins.parenthesised(r.calendar.name, r.id)}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  ),
                },
              ]}
            />
          </Section>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default CalendarsPage;
