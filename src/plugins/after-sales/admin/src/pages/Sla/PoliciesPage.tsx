import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Button, Field, Flex, Grid, IconButton, MultiSelect, MultiSelectOption, NumberInput, SingleSelect, SingleSelectOption, TextInput, Toggle, Typography } from '@strapi/design-system';
import { Download, Pencil, Plus, Trash } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { downloadExport, ErrorSummary, fieldErrors, Section, useT } from './shared';
import { ImportBox } from './ImportBox';
import { useEditableList } from './useEditableList';
import type { Clock, Escalation, Policy, PolicyRow, Rule, TargetUnit, WorkflowVocabulary } from './policyTypes';
import { LifecycleEditor } from './LifecycleEditor';
import { ComplexField, conditionWith, NeedsRndField, SegmentField, SourceField, splitList, type SegmentChoice } from './conditions';
import { DataTable } from '../../components/Layout/DataTable';
import { PageFailure } from '../../components/NoAccess';
import { useJoins } from '../../utils/joins';

const UNITS: readonly TargetUnit[] = ['minutes', 'hours', 'days', 'businessHours', 'businessDays'];

/** Settings → After-sales → SLA policies: targets per clock, type and severity; the escalation chain; import/export. */

export const PoliciesPage = () => {
  const t = useT();
  const joins = useJoins();
  const { get, post, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [steps, setSteps] = React.useState<string[]>([]);
  const [workflows, setWorkflows] = React.useState<Record<string, WorkflowVocabulary>>({});
  const [active, setActive] = React.useState(false);
  const [copyId, setCopyId] = React.useState('');
  const [importText, setImportText] = React.useState('');
  const [importErrors, setImportErrors] = React.useState<Record<string, string>>({});
  const [segments, setSegments] = React.useState<SegmentChoice[]>([]);
  const { locale } = useIntl();
  React.useEffect(() => {
    // The segments extension may be switched off: the field then offers the segments rules already name.
    get<{ data: SegmentChoice[] }>('/after-sales/segments')
      .then(({ data }) => setSegments(data.data))
      .catch(() => setSegments([]));
  }, [get]);
  const fetchRows = React.useCallback(async () => {
    const { data } = await get<{ data: PolicyRow[]; steps: string[]; workflows: Record<string, WorkflowVocabulary> }>('/after-sales/sla/policies');
    setSteps(data.steps);
    setWorkflows(data.workflows ?? {});
    return data.data;
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
  } = useEditableList<PolicyRow, Policy>({
    fetchRows,
    draftOf: (r) => r.policy,
    preferred: (list) => list.find((r) => r.active),
    onSelect: (r) => setActive(r.active),
  });

  if (failed) return <PageFailure error={failed} />;
  if (!rows) return <Page.Loading />;

  const update = (patch: Partial<Policy>) => draft && setDraft({ ...draft, ...patch });
  const setClock = (c: number, clock: Clock) => draft && update({ clocks: draft.clocks.map((x, i) => (i === c ? clock : x)) });
  const setRule = (c: number, r: number, rule: Rule) => draft && setClock(c, { ...draft.clocks[c], rules: draft.clocks[c].rules.map((x, i) => (i === r ? rule : x)) });
  const setWhen = (c: number, r: number, key: 'severity' | 'type' | 'segment' | 'needsRnd' | 'complex', value: string[] | boolean | undefined) => {
    if (!draft) return;
    const rule = draft.clocks[c].rules[r];
    setRule(c, r, { ...rule, when: conditionWith(rule.when, key, value) });
  };
  const setEscalation = (e: number, patch: Partial<Escalation>) => draft && update({ escalation: draft.escalation.map((x, i) => (i === e ? { ...x, ...patch } : x)) });

  const save = async () => {
    if (!draft || !row) return;
    setErrors({});
    try {
      await put(`/after-sales/sla/policies/${encodeURIComponent(row.id)}`, { data: draft, active, revision: row.revision });
      toggleNotification({ type: 'success', message: t('sla.saved', 'Saved. New clocks use it; running clocks keep their due dates.') });
      await load(row.id);
    } catch (error) {
      setErrors(fieldErrors(error));
      toggleNotification({ type: 'danger', message: t('sla.notSaved', 'Not saved') });
    }
  };
  const copy = async () => {
    if (!draft) return;
    setErrors({});
    try {
      await post('/after-sales/sla/policies', { data: { ...draft, id: copyId } });
      setCopyId('');
      await load(copyId);
    } catch (error) {
      setErrors(fieldErrors(error));
    }
  };
  const remove = () => row && removeAt(`/after-sales/sla/policies/${encodeURIComponent(row.id)}`);
  const exportJson = () => row && downloadExport(get, `/after-sales/sla/policies/${encodeURIComponent(row.id)}/export`, `${row.id}.json`, 'application/json');
  const runImport = async () => {
    setImportErrors({});
    try {
      const { data } = await post<{ data: PolicyRow }>('/after-sales/sla/policies/import', { content: importText });
      setImportText('');
      toggleNotification({ type: 'success', message: t('sla.policy.imported', 'Imported {id}', { id: data.data.id }) });
      await load(data.data.id);
    } catch (error) {
      setImportErrors(fieldErrors(error));
    }
  };

  return (
    <Page.Main>
      <Page.Title>{t('sla.policies.title', 'SLA policies')}</Page.Title>
      <Layouts.Header
        title={t('sla.policies.title', 'SLA policies')}
        subtitle={t('sla.policies.subtitle', 'How long each clock runs, by type and severity, and what happens when it runs late')}
        primaryAction={
          <Button onClick={save} disabled={!draft}>
            {t('sla.save', 'Save')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Section title={t('sla.policies.list', 'Policies')}>
            <DataTable
              rows={rows}
              rowKey={(r) => r.id}
              columns={[
                { header: t('sla.policy.name', 'Name'), cell: (r) => <Typography fontWeight={r.id === selected ? 'bold' : 'regular'}>{joins.parenthesised(r.policy.name, r.id)}</Typography> },
                { header: t('sla.policy.workflow', 'Workflow'), cell: (r) => r.workflow },
                {
                  header: t('sla.policy.state', 'In use'),
                  cell: (r) =>
                    r.active ? (
                      <Badge backgroundColor="success100" textColor="success700">
                        {t('sla.policy.active', 'active')}
                      </Badge>
                    ) : (
                      <Badge>{t('sla.policy.inactive', 'not used')}</Badge>
                    ),
                },
                {
                  header: t('sla.policy.edit', 'Edit'),
                  cell: (r) => (
                    <IconButton label={t('sla.policy.edit', 'Edit')} variant="ghost" onClick={() => choose(r.id)}>
                      <Pencil />
                    </IconButton>
                  ),
                },
              ]}
            />
          </Section>

          <ErrorSummary errors={errors} />

          {draft && row && (
            <>
              <Section
                title={joins.parenthesised(draft.name, draft.id)}
                actions={
                  <Flex gap={2}>
                    <Button variant="tertiary" startIcon={<Download />} onClick={exportJson}>
                      {t('sla.exportJson', 'Export JSON')}
                    </Button>
                    <Button variant="danger-light" startIcon={<Trash />} disabled={row.active} onClick={remove}>
                      {t('sla.delete', 'Delete')}
                    </Button>
                  </Flex>
                }
              >
                <Grid.Root gap={4}>
                  <Grid.Item col={6} s={12}>
                    <Field.Root name="name" error={errors['data.name']} required>
                      <Field.Label>{t('sla.policy.name', 'Name')}</Field.Label>
                      <TextInput value={draft.name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => update({ name: e.target.value })} />
                      <Field.Error />
                    </Field.Root>
                  </Grid.Item>
                  <Grid.Item col={3} s={12}>
                    <Field.Root name="active" error={errors.active} hint={t('sla.policy.activeHint', 'One policy per workflow is in use')}>
                      <Field.Label>{t('sla.policy.state', 'In use')}</Field.Label>
                      <Toggle
                        checked={active}
                        disabled={row.active}
                        onLabel={t('sla.yes', 'Yes')}
                        offLabel={t('sla.no', 'No')}
                        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setActive(e.target.checked)}
                      />
                      <Field.Hint />
                      <Field.Error />
                    </Field.Root>
                  </Grid.Item>
                  <Grid.Item col={3} s={12}>
                    <Flex gap={2} alignItems="flex-end">
                      <Field.Root name="copyId" error={errors['data.id']}>
                        <Field.Label>{t('sla.policy.copyAs', 'Copy as new id')}</Field.Label>
                        <TextInput value={copyId} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setCopyId(e.target.value)} />
                        <Field.Error />
                      </Field.Root>
                      <IconButton label={t('sla.policy.copy', 'Copy')} disabled={!copyId} onClick={copy}>
                        <Plus />
                      </IconButton>
                    </Flex>
                  </Grid.Item>
                </Grid.Root>
              </Section>

              {draft.clocks.map((clock, c) => (
                <Section key={clock.field} title={t(`sla.clock.${clock.field}`, clock.field)}>
                  <Flex direction="column" alignItems="stretch" gap={3} data-testid={`sla-clock-${clock.field}`}>
                    <SourceField
                      name={`data.clocks.${c}.source`}
                      testId={`sla-source-${clock.field}`}
                      value={clock.source}
                      error={errors[`data.clocks.${c}.source`]}
                      onChange={(source) => setClock(c, { ...clock, source })}
                    />
                    <LifecycleEditor clock={clock} index={c} vocabulary={workflows[draft.workflow] ?? { states: [], actions: [] }} errors={errors} onChange={(changed) => setClock(c, changed)} />
                    {clock.rules.map((rule, r) => {
                      const isDefault = r === clock.rules.length - 1;
                      const at = `data.clocks.${c}.rules.${r}`;
                      return (
                        <Flex key={r} gap={2} alignItems="flex-start" wrap="wrap">
                          <Field.Root name={`${at}.severity`} error={errors[`${at}.when.severity`] ?? errors[`${at}.when`]} hint={isDefault ? t('sla.rule.otherwise', 'otherwise') : undefined}>
                            <Field.Label>{t('sla.rule.severity', 'Severity (comma-separated)')}</Field.Label>
                            <TextInput
                              disabled={isDefault}
                              value={(rule.when?.severity ?? []).join(', ')}
                              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setWhen(c, r, 'severity', splitList(e.target.value))}
                            />
                            <Field.Hint />
                            <Field.Error />
                          </Field.Root>
                          <Field.Root name={`${at}.type`} error={errors[`${at}.when.type`]}>
                            <Field.Label>{t('sla.rule.type', 'Type (comma-separated)')}</Field.Label>
                            <TextInput
                              disabled={isDefault}
                              value={(rule.when?.type ?? []).join(', ')}
                              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setWhen(c, r, 'type', splitList(e.target.value))}
                            />
                            <Field.Error />
                          </Field.Root>
                          <SegmentField
                            name={`${at}.segment`}
                            disabled={isDefault}
                            value={rule.when?.segment}
                            segments={segments}
                            locale={locale}
                            error={errors[`${at}.when.segment`]}
                            onChange={(value) => setWhen(c, r, 'segment', value)}
                          />
                          <NeedsRndField name={`${at}.needsRnd`} disabled={isDefault} value={rule.when?.needsRnd} onChange={(value) => setWhen(c, r, 'needsRnd', value)} />
                          <ComplexField name={`${at}.complex`} disabled={isDefault} value={rule.when?.complex} onChange={(value) => setWhen(c, r, 'complex', value)} />
                          <Field.Root name={`${at}.amount`} error={errors[`${at}.target.amount`]} required>
                            <Field.Label>{t('sla.rule.amount', 'Target')}</Field.Label>
                            <NumberInput
                              value={rule.target.amount}
                              step={0.5}
                              onValueChange={(value: number | undefined) => setRule(c, r, { ...rule, target: { ...rule.target, amount: value ?? 0 } })}
                            />
                            <Field.Error />
                          </Field.Root>
                          <Field.Root name={`${at}.unit`} error={errors[`${at}.target.unit`]} required>
                            <Field.Label>{t('sla.rule.unit', 'Unit')}</Field.Label>
                            <SingleSelect value={rule.target.unit} onChange={(value: string | number) => setRule(c, r, { ...rule, target: { ...rule.target, unit: String(value) as TargetUnit } })}>
                              {UNITS.map((unit) => (
                                <SingleSelectOption key={unit} value={unit}>
                                  {t(`sla.unit.${unit}`, unit)}
                                </SingleSelectOption>
                              ))}
                            </SingleSelect>
                            <Field.Error />
                          </Field.Root>
                          <SourceField name={`${at}.source`} value={rule.source} error={errors[`${at}.source`]} onChange={(source) => setRule(c, r, { ...rule, source })} />
                          {!isDefault && (
                            <IconButton label={t('sla.remove', 'Remove')} variant="ghost" onClick={() => setClock(c, { ...clock, rules: clock.rules.filter((_, i) => i !== r) })}>
                              <Trash />
                            </IconButton>
                          )}
                        </Flex>
                      );
                    })}
                    <Flex>
                      <Button
                        variant="secondary"
                        startIcon={<Plus />}
                        onClick={() => setClock(c, { ...clock, rules: [{ when: { severity: ['urgent'] }, target: { ...clock.rules[clock.rules.length - 1].target } }, ...clock.rules] })}
                      >
                        {t('sla.rule.add', 'Add a rule (first match wins)')}
                      </Button>
                    </Flex>
                  </Flex>
                </Section>
              ))}

              <Section title={t('sla.escalation.title', 'Escalation chain')}>
                <Typography variant="pi" textColor="neutral600" tag="p" paddingBottom={4}>
                  {t('sla.escalation.hint', 'Each step happens once per item, clock and level, when the share of the clock’s working time given is used (0.8 = 80 %, 1 = due).')}
                </Typography>
                <Flex direction="column" alignItems="stretch" gap={3} data-testid="sla-escalation">
                  {draft.escalation.map((rule, e) => {
                    const at = `data.escalation.${e}`;
                    return (
                      <Flex key={e} gap={2} alignItems="flex-start" wrap="wrap">
                        <Field.Root name={`${at}.level`} error={errors[`${at}.level`]} required>
                          <Field.Label>{t('sla.escalation.level', 'Level')}</Field.Label>
                          <TextInput value={rule.level} onChange={(ev: React.ChangeEvent<HTMLInputElement>) => setEscalation(e, { level: ev.target.value })} />
                          <Field.Error />
                        </Field.Root>
                        <Field.Root name={`${at}.fraction`} error={errors[`${at}.fraction`]} required>
                          <Field.Label>{t('sla.escalation.fraction', 'At (share of the target)')}</Field.Label>
                          <NumberInput value={rule.fraction} step={0.1} onValueChange={(value: number | undefined) => setEscalation(e, { fraction: value ?? 0 })} />
                          <Field.Error />
                        </Field.Root>
                        <Field.Root name={`${at}.clocks`} error={errors[`${at}.clocks`] ?? errors[`${at}.clocks.0`]} hint={t('sla.escalation.allClocks', 'empty: every clock')}>
                          <Field.Label>{t('sla.escalation.clocks', 'Clocks (comma-separated)')}</Field.Label>
                          <TextInput
                            value={(rule.clocks ?? []).join(', ')}
                            onChange={(ev: React.ChangeEvent<HTMLInputElement>) => {
                              const clocks = splitList(ev.target.value);
                              const { clocks: _, ...rest } = rule;
                              update({ escalation: draft.escalation.map((x, i) => (i === e ? (clocks.length ? { ...rest, clocks } : rest) : x)) });
                            }}
                          />
                          <Field.Hint />
                          <Field.Error />
                        </Field.Root>
                        <Field.Root name={`${at}.steps`} error={errors[`${at}.steps`] ?? errors[`${at}.steps.0`]} required>
                          <Field.Label>{t('sla.escalation.steps', 'Steps')}</Field.Label>
                          <MultiSelect value={rule.steps} onChange={(value: string[]) => setEscalation(e, { steps: value })} withTags>
                            {steps.map((step) => (
                              <MultiSelectOption key={step} value={step}>
                                {t(`sla.step.${step}`, step)}
                              </MultiSelectOption>
                            ))}
                          </MultiSelect>
                          <Field.Error />
                        </Field.Root>
                        <SourceField name={`${at}.source`} value={rule.source} error={errors[`${at}.source`]} onChange={(source) => setEscalation(e, { source })} />
                        <IconButton label={t('sla.remove', 'Remove')} variant="ghost" onClick={() => update({ escalation: draft.escalation.filter((_, i) => i !== e) })}>
                          <Trash />
                        </IconButton>
                      </Flex>
                    );
                  })}
                  <Flex>
                    <Button variant="secondary" startIcon={<Plus />} onClick={() => update({ escalation: [...draft.escalation, { level: 'breached', fraction: 1, steps: [] }] })}>
                      {t('sla.escalation.add', 'Add a level')}
                    </Button>
                  </Flex>
                </Flex>
              </Section>
            </>
          )}

          <Section title={t('sla.import.title', 'Import')}>
            <ImportBox
              content={importText}
              onContent={(content) => setImportText(content)}
              accept=".json,application/json"
              hint={t('sla.policy.importHint', 'A policy exported as JSON; a policy with the same id is replaced')}
              errors={importErrors}
              onImport={runImport}
            />
          </Section>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default PoliciesPage;
