import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Checkbox, Dialog, Field, Flex, Loader, Modal, NumberInput, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import { useSettingsList } from '../../utils/useSettingsList';
import { NoAccess } from '../../components/NoAccess';
import { DataTable } from '../../components/Layout/DataTable';
import { useJoins } from '../../utils/joins';

/** One rule as the server holds it: every fact it names must hold. */
interface Rule {
  minUnits?: number;
  minOpenComplaints?: number;
  contract?: boolean;
}

/** A segment as `GET /after-sales/segments` gives it (by priority). */
interface Segment {
  key: string;
  title: { en: string; 'zh-Hans': string };
  priority: number;
  rules: Rule[];
  isDefault: boolean;
  builtIn?: boolean;
}

interface Draft {
  key: string;
  en: string;
  zh: string;
  priority: number | undefined;
  rules: Rule[];
  isDefault: boolean;
}

/** The server's key rule (domain/segments/rules.ts), checked here too so the message is in the user's language. */
const KEY = /^[a-z][a-z0-9-]{0,39}$/;

type T = (id: string, defaultMessage: string, values?: Record<string, string | number>) => string;

/** A rule in words: `拥有 ≥ 3 台设备 且 服务合同`. */
const ruleInWords = (rule: Rule, t: T) =>
  [
    rule.contract === true ? t('segments.settings.rule.contract', 'service contract') : null,
    rule.contract === false ? t('segments.settings.rule.noContract', 'no service contract') : null,
    rule.minUnits !== undefined ? t('segments.settings.rule.units', 'owns ≥ {n} units', { n: rule.minUnits }) : null,
    rule.minOpenComplaints !== undefined ? t('segments.settings.rule.complaints', 'open complaints ≥ {n}', { n: rule.minOpenComplaints }) : null,
  ]
    .filter(Boolean)
    .join(t('segments.settings.rule.and', ' and '));

const draftOf = (segment: Segment | null): Draft =>
  segment
    ? { key: segment.key, en: segment.title.en, zh: segment.title['zh-Hans'], priority: segment.priority, rules: segment.rules.map((r) => ({ ...r })), isDefault: segment.isDefault }
    : { key: '', en: '', zh: '', priority: 100, rules: [{}], isDefault: false };

/** The segment as `PUT /after-sales/segments/:key` takes it. */
const bodyOf = (draft: Draft) => ({
  title: { en: draft.en.trim(), 'zh-Hans': draft.zh.trim() },
  ...(draft.priority === undefined ? {} : { priority: draft.priority }),
  rules: draft.rules.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))),
  isDefault: draft.isDefault,
});

/** What the form can say without asking the server, in the user's language (the rest comes back as a 400 naming the field). */
const checkDraft = (draft: Draft, adding: boolean, t: T): Record<string, string> => {
  const errors: Record<string, string> = {};
  if (adding && !KEY.test(draft.key)) errors.key = t('segments.settings.error.key', 'Use 1 to 40 lower-case letters, digits or "-", starting with a letter.');
  for (const [path, value] of [
    ['title.en', draft.en],
    ['title.zh-Hans', draft.zh],
  ] as const)
    if (!value.trim() || value.trim().length > 100) errors[path] = t('segments.settings.error.title', 'Give a name of 1 to 100 characters.');
  draft.rules.forEach((rule, index) => {
    if (rule.minUnits === undefined && rule.minOpenComplaints === undefined && rule.contract === undefined)
      errors[`rules[${index}]`] = t('segments.settings.error.emptyRule', 'Name at least one fact, or remove the rule.');
    for (const fact of ['minUnits', 'minOpenComplaints'] as const) {
      const value = rule[fact];
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) errors[`rules[${index}].${fact}`] = t('segments.settings.error.atLeastOne', 'Must be a whole number of at least 1.');
    }
  });
  return errors;
};

/** The add / edit form of one segment, in a dialog. */
const SegmentDialog = ({ segment, adding, onClose, onSaved }: { segment: Segment | null; adding: boolean; onClose: () => void; onSaved: (saved: Segment) => void }) => {
  const { formatMessage } = useIntl();
  const joins = useJoins();
  const t: T = (id, defaultMessage, values) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { byPath, describe } = useServerErrors();
  const [draft, setDraft] = React.useState<Draft>(() => draftOf(segment));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [busy, setBusy] = React.useState(false);
  const setRule = (index: number, change: Partial<Rule>) => setDraft((d) => ({ ...d, rules: d.rules.map((r, i) => (i === index ? { ...r, ...change } : r)) }));

  const save = async () => {
    const local = checkDraft(draft, adding, t);
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const { data } = await put<{ data: Segment }>(`/after-sales/segments/${encodeURIComponent(draft.key)}`, bodyOf(draft));
      toggleNotification({ type: 'success', message: t('segments.settings.saved', 'The segment is saved.') });
      onSaved(data.data);
    } catch (error) {
      setErrors(byPath(error));
      toggleNotification({ type: 'danger', message: describe(error, t('segments.settings.failed', 'The segment could not be saved.')) });
    } finally {
      setBusy(false);
    }
  };

  const number = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? undefined : value);
  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{adding ? t('segments.settings.addTitle', 'Add a segment') : t('segments.settings.editTitle', 'Edit the segment')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4} data-testid="segment-form">
            {adding ? (
              <Field.Root
                name="key"
                required
                error={errors.key}
                hint={t('segments.settings.key.hint', '1 to 40 lower-case letters, digits or "-", starting with a letter, e.g. strategic. It cannot be changed later.')}
              >
                <Field.Label>{t('segments.settings.key', 'Key')}</Field.Label>
                <TextInput value={draft.key} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, key: e.target.value })} />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            ) : (
              <Typography>{joins.labelledNode(t('segments.settings.key', 'Key'), <code key="key">{draft.key}</code>)}</Typography>
            )}
            <Field.Root name="title-zh" required error={errors['title.zh-Hans']}>
              <Field.Label>{t('segments.settings.titleZh', 'Name (Chinese)')}</Field.Label>
              <TextInput value={draft.zh} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, zh: e.target.value })} />
              <Field.Error />
            </Field.Root>
            <Field.Root name="title-en" required error={errors['title.en']}>
              <Field.Label>{t('segments.settings.titleEn', 'Name (English)')}</Field.Label>
              <TextInput value={draft.en} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, en: e.target.value })} />
              <Field.Error />
            </Field.Root>
            <Field.Root name="priority" error={errors.priority} hint={t('segments.settings.priority.hint', 'A whole number from 0 to 10000; the lower numbers are looked at first.')}>
              <Field.Label>{t('segments.settings.priority', 'Priority')}</Field.Label>
              <NumberInput value={draft.priority} onValueChange={(value: number | undefined) => setDraft({ ...draft, priority: number(value) })} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Flex direction="column" alignItems="stretch" gap={2}>
              <Typography variant="delta" tag="h3">
                {t('segments.settings.rules', 'Rules')}
              </Typography>
              <Typography variant="pi" textColor="neutral600">
                {t('segments.settings.rules.hint', 'A customer meets a rule when every fact it names holds; the segment applies when any of its rules is met.')}
              </Typography>
              {errors.rules && (
                <Typography variant="pi" textColor="danger600" role="alert">
                  {errors.rules}
                </Typography>
              )}
              {draft.rules.map((rule, index) => (
                <Box key={index} padding={3} hasRadius borderColor="neutral200" data-testid={`segment-rule-${index}`}>
                  <Flex direction="column" alignItems="stretch" gap={3}>
                    <Flex justifyContent="space-between">
                      <Typography fontWeight="bold">{t('segments.settings.ruleN', 'Rule {n}', { n: index + 1 })}</Typography>
                      <Button variant="danger-light" size="S" onClick={() => setDraft({ ...draft, rules: draft.rules.filter((_, i) => i !== index) })}>
                        {t('segments.settings.removeRule', 'Remove the rule')}
                      </Button>
                    </Flex>
                    <Flex gap={3} alignItems="flex-start">
                      <Field.Root name={`rules-${index}-units`} error={errors[`rules[${index}].minUnits`]}>
                        <Field.Label>{t('segments.settings.minUnits', 'Owns at least (units)')}</Field.Label>
                        <NumberInput value={rule.minUnits} onValueChange={(value: number | undefined) => setRule(index, { minUnits: number(value) })} />
                        <Field.Error />
                      </Field.Root>
                      <Field.Root name={`rules-${index}-complaints`} error={errors[`rules[${index}].minOpenComplaints`]}>
                        <Field.Label>{t('segments.settings.minOpenComplaints', 'Open complaints at least')}</Field.Label>
                        <NumberInput value={rule.minOpenComplaints} onValueChange={(value: number | undefined) => setRule(index, { minOpenComplaints: number(value) })} />
                        <Field.Error />
                      </Field.Root>
                    </Flex>
                    <Field.Root name={`rules-${index}-contract`} error={errors[`rules[${index}].contract`]}>
                      <Field.Label>{t('segments.settings.contractFact', 'Service contract')}</Field.Label>
                      <SingleSelect
                        value={rule.contract === true ? 'yes' : rule.contract === false ? 'no' : 'any'}
                        onChange={(value: string | number) => setRule(index, { contract: value === 'yes' ? true : value === 'no' ? false : undefined })}
                      >
                        <SingleSelectOption value="any">{t('segments.settings.contract.any', 'Either way')}</SingleSelectOption>
                        <SingleSelectOption value="yes">{t('segments.settings.contract', 'Has a service contract')}</SingleSelectOption>
                        <SingleSelectOption value="no">{t('segments.settings.contract.none', 'Has no service contract')}</SingleSelectOption>
                      </SingleSelect>
                    </Field.Root>
                    {errors[`rules[${index}]`] && (
                      <Typography variant="pi" textColor="danger600" role="alert">
                        {errors[`rules[${index}]`]}
                      </Typography>
                    )}
                  </Flex>
                </Box>
              ))}
              <Box>
                <Button variant="secondary" size="S" onClick={() => setDraft({ ...draft, rules: [...draft.rules, {}] })} disabled={draft.rules.length >= 20}>
                  {t('segments.settings.addRule', 'Add a rule')}
                </Button>
              </Box>
            </Flex>
            <Field.Root name="isDefault" error={errors.isDefault} hint={t('segments.settings.default.hint', 'Customers no rule places are in the default segment; there is exactly one.')}>
              <Checkbox checked={draft.isDefault} onCheckedChange={(on: boolean) => setDraft({ ...draft, isDefault: on === true })}>
                {t('segments.settings.isDefault', 'The default segment')}
              </Checkbox>
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose}>
            {t('panel.cancel', 'Cancel')}
          </Button>
          <Button loading={busy} onClick={() => void save()}>
            {t('segments.settings.save', 'Save the segment')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/**
 * Settings → After-sales → Customer segments (客户分级): the segments by priority with their rules in
 * words; who holds `segments.manage` adds, edits and deletes them and re-evaluates every customer.
 * The link is listed only for them; anyone else opening the address reads the list without the buttons.
 */
export const SegmentsSettingsPage = () => {
  const { formatMessage, locale } = useIntl();
  const t: T = (id, defaultMessage, values) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { post, del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const {
    isLoading: checkingAccess,
    allowedActions: { canManage },
  } = useRBAC(PERMISSIONS.manageSegments);
  const { rows, forbidden, reload: load } = useSettingsList<Segment>('/after-sales/segments');
  const [editing, setEditing] = React.useState<{ segment: Segment | null } | null>(null);
  const [evaluating, setEvaluating] = React.useState(false);
  const zh = locale.startsWith('zh');

  if (forbidden) return <NoAccess />;

  const evaluate = async () => {
    setEvaluating(true);
    try {
      const { data } = await post<{ data: { evaluated: number; changed: number } }>('/after-sales/segments/evaluate', {});
      toggleNotification({
        type: 'success',
        message: t('segments.settings.evaluated', 'Re-evaluated {evaluated} customers; {changed} changed segment.', { evaluated: data.data.evaluated, changed: data.data.changed }),
      });
    } catch (e) {
      toggleNotification({ type: 'danger', message: describe(e, t('segments.settings.evaluateFailed', 'The customers could not be re-evaluated.')) });
    } finally {
      setEvaluating(false);
    }
  };
  const remove = async (segment: Segment) => {
    try {
      await del(`/after-sales/segments/${encodeURIComponent(segment.key)}`);
      toggleNotification({ type: 'success', message: t('segments.settings.deleted', 'The segment is deleted; its customers were placed again.') });
    } catch (e) {
      toggleNotification({ type: 'danger', message: describe(e, t('segments.settings.deleteFailed', 'The segment could not be deleted.')) });
    }
    load();
  };
  const titleOf = (segment: Segment) => (zh ? segment.title['zh-Hans'] : segment.title.en) || segment.key;

  return (
    <Page.Main>
      <Page.Title>{t('segments.settings.title', 'Customer segments')}</Page.Title>
      <Layouts.Header
        title={t('segments.settings.title', 'Customer segments')}
        subtitle={t('segments.settings.subtitle', 'Which segment each customer is in, by rules over what we know of them')}
        primaryAction={
          canManage && (
            <Flex gap={2}>
              <Button variant="secondary" loading={evaluating} onClick={() => void evaluate()}>
                {t('segments.settings.evaluate', 'Re-evaluate all customers now')}
              </Button>
              <Button onClick={() => setEditing({ segment: null })}>{t('segments.settings.add', 'Add a segment')}</Button>
            </Flex>
          )
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography textColor="neutral700" data-testid="segments-explanation">
            {t(
              'segments.settings.explanation',
              'A customer is in the first segment, by priority (lowest number first), with a rule the customer meets. A segment applies when any of its rules is met; a rule is met when every fact it names holds. Customers no rule places are in the default segment. Changed rules apply at the next nightly run, or at once with "Re-evaluate all customers now".'
            )}
          </Typography>
          {!checkingAccess && !canManage && (
            <Typography textColor="neutral600" data-testid="segments-read-only">
              {t('segments.settings.readOnly', 'Only staff allowed to "Edit customer segments" can change the segments.')}
            </Typography>
          )}
          {rows === null ? (
            <Loader small>{t('panel.loading', 'Loading')}</Loader>
          ) : (
            <DataTable
              testId="segments-table"
              rows={rows}
              rowKey={(segment) => segment.key}
              rowTestId={(segment) => `segment-${segment.key}`}
              columns={[
                { header: t('segments.settings.priority', 'Priority'), cell: (segment) => segment.priority },
                {
                  header: t('segments.settings.name', 'Name'),
                  cell: (segment) => (
                    <Flex gap={2}>
                      <Typography fontWeight="bold">{titleOf(segment)}</Typography>
                      {segment.builtIn && <Badge>{t('segments.settings.builtIn', 'built in')}</Badge>}
                    </Flex>
                  ),
                },
                {
                  header: t('segments.settings.key', 'Key'),
                  cell: (segment) => (
                    <Typography>
                      <code>{segment.key}</code>
                    </Typography>
                  ),
                },
                {
                  header: t('segments.settings.rules', 'Rules'),
                  cell: (segment) =>
                    segment.rules.length ? (
                      <Flex direction="column" alignItems="flex-start" gap={1}>
                        {segment.rules.map((rule, index) => (
                          <Typography key={index}>
                            {index > 0 ? `${t('segments.settings.rule.or', 'or')} ` : ''}
                            {ruleInWords(rule, t)}
                          </Typography>
                        ))}
                      </Flex>
                    ) : (
                      <Typography textColor="neutral600">
                        {segment.isDefault ? t('segments.settings.noRules.default', 'customers no other segment places') : t('segments.settings.noRules', 'no rule: given by hand only')}
                      </Typography>
                    ),
                },
                {
                  header: t('segments.settings.default', 'Default'),
                  cell: (segment) => (segment.isDefault ? <Badge active>{t('segments.settings.default', 'Default')}</Badge> : null),
                },
                {
                  header: t('queues.tags.actions', 'Actions'),
                  cell: (segment) =>
                    canManage && (
                      <Flex gap={2}>
                        <Button variant="tertiary" size="S" onClick={() => setEditing({ segment })}>
                          {t('segments.settings.edit', 'Edit')}
                        </Button>
                        {segment.builtIn || segment.isDefault ? (
                          <Typography variant="pi" textColor="neutral600">
                            {t('error.segment-built-in', 'A built-in or default segment cannot be deleted')}
                          </Typography>
                        ) : (
                          <Dialog.Root>
                            <Dialog.Trigger>
                              <Button variant="danger-light" size="S">
                                {t('segments.settings.delete', 'Delete')}
                              </Button>
                            </Dialog.Trigger>
                            <Dialog.Content>
                              <Dialog.Header>{t('segments.settings.deleteTitle', 'Delete the segment')}</Dialog.Header>
                              <Dialog.Body>
                                <Typography>{t('segments.settings.deleteConfirm', 'Delete "{title}"? Its customers are placed again by the rules.', { title: titleOf(segment) })}</Typography>
                              </Dialog.Body>
                              <Dialog.Footer>
                                <Dialog.Cancel>
                                  <Button variant="tertiary">{t('panel.cancel', 'Cancel')}</Button>
                                </Dialog.Cancel>
                                <Dialog.Action>
                                  <Button variant="danger" onClick={() => void remove(segment)}>
                                    {t('segments.settings.delete', 'Delete')}
                                  </Button>
                                </Dialog.Action>
                              </Dialog.Footer>
                            </Dialog.Content>
                          </Dialog.Root>
                        )}
                      </Flex>
                    ),
                },
              ]}
            />
          )}
        </Flex>
      </Layouts.Content>
      {editing && (
        <SegmentDialog
          segment={editing.segment}
          adding={!editing.segment}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            load();
          }}
        />
      )}
    </Page.Main>
  );
};

export default SegmentsSettingsPage;
