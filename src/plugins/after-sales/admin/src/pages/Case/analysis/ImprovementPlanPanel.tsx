import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Checkbox, Field, Flex, SingleSelect, SingleSelectOption, Table, Tbody, Td, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../../utils/getTranslation';
import { useServerErrors } from '../../../utils/serverErrors';
import type { PlanAction, PlanView } from './types';

type Row = Omit<PlanAction, 'id' | 'owner' | 'overdue' | 'doneAt' | 'ownerId'> & { id?: number; ownerId: number | null; done: boolean; overdue?: boolean };
const rowsOf = (plan: PlanView): Row[] =>
  plan.actions.map((a) => ({ id: a.id, term: a.term, action: a.action, ownerId: a.ownerId, dueDate: a.dueDate, resources: a.resources, done: !!a.doneAt, overdue: a.overdue }));

/** On an improvement record's case screen: the plan's short- and long-term actions (改进方案实施表), each with owner, due date and resources. */
export const ImprovementPlanPanel = ({ documentId }: { documentId: string }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { get, put } = useFetchClient();
  const { describe } = useServerErrors();
  const [plan, setPlan] = React.useState<PlanView | null>(null);
  const [rows, setRows] = React.useState<Row[]>([]);
  const [message, setMessage] = React.useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = React.useState(false);

  const load = React.useCallback(async () => {
    const res = await get<{ data: PlanView }>(`/after-sales/improvements/${documentId}/plan`);
    setPlan(res.data.data);
    setRows(rowsOf(res.data.data));
  }, [get, documentId]);
  React.useEffect(() => {
    void load().catch(() => setPlan(null));
  }, [load]);
  if (!plan) return null;

  const change = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async () => {
    setBusy(true);
    try {
      const res = await put<{ data: PlanView }>(`/after-sales/improvements/${documentId}/plan`, {
        actions: rows.map((r) => ({ ...(r.id ? { id: r.id } : {}), term: r.term, action: r.action, ownerId: r.ownerId, dueDate: r.dueDate, resources: r.resources || null, done: r.done })),
      });
      setPlan(res.data.data);
      setRows(rowsOf(res.data.data));
      setMessage({ ok: true, text: t('plan.saved', 'Plan saved.') });
    } catch (err) {
      setMessage({ ok: false, text: describe(err, t('plan.saveFailed', 'Not saved.')) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box background="neutral0" padding={5} shadow="tableShadow" hasRadius data-testid="improvement-plan">
      <Typography variant="delta" tag="h2">
        {t('plan.title', 'Improvement plan (actions)')}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={3} paddingTop={3}>
        <Table colCount={6} rowCount={rows.length + 1}>
          <Thead>
            <Tr>
              <Th>{t('plan.term', 'Term')}</Th>
              <Th>{t('plan.action', 'Action')}</Th>
              <Th>{t('plan.owner', 'Owner')}</Th>
              <Th>{t('plan.dueDate', 'Due date')}</Th>
              <Th>{t('plan.resources', 'Resources')}</Th>
              <Th>{t('plan.done', 'Done')}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((r, i) => (
              <Tr key={r.id ?? `new-${i}`}>
                <Td>
                  <SingleSelect aria-label={t('plan.term', 'Term')} value={r.term} onChange={(v: string | number) => change(i, { term: v as Row['term'] })} disabled={!plan.editable}>
                    <SingleSelectOption value="short">{t('plan.term.short', 'Short-term')}</SingleSelectOption>
                    <SingleSelectOption value="long">{t('plan.term.long', 'Long-term')}</SingleSelectOption>
                  </SingleSelect>
                </Td>
                <Td>
                  <TextInput
                    aria-label={t('plan.action', 'Action')}
                    value={r.action}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) => change(i, { action: e.target.value })}
                    disabled={!plan.editable}
                  />
                </Td>
                <Td>
                  <SingleSelect aria-label={t('plan.owner', 'Owner')} value={r.ownerId ?? undefined} onChange={(v: string | number) => change(i, { ownerId: Number(v) })} disabled={!plan.editable}>
                    {plan.owners.map((o) => (
                      <SingleSelectOption key={o.id} value={o.id}>
                        {o.name}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Td>
                <Td>
                  <Flex gap={1}>
                    <TextInput
                      aria-label={t('plan.dueDate', 'Due date')}
                      placeholder="YYYY-MM-DD"
                      value={r.dueDate}
                      onChange={(e: React.ChangeEvent<HTMLInputElement>) => change(i, { dueDate: e.target.value })}
                      disabled={!plan.editable}
                    />
                    {r.overdue ? (
                      <Badge backgroundColor="danger100" textColor="danger700">
                        {t('plan.overdue', 'Overdue')}
                      </Badge>
                    ) : null}
                  </Flex>
                </Td>
                <Td>
                  <TextInput
                    aria-label={t('plan.resources', 'Resources')}
                    value={r.resources ?? ''}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) => change(i, { resources: e.target.value })}
                    disabled={!plan.editable}
                  />
                </Td>
                <Td>
                  <Checkbox aria-label={t('plan.done', 'Done')} checked={r.done} onCheckedChange={(v: boolean) => change(i, { done: !!v })} disabled={!plan.editable} />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
        {plan.gaps.length ? (
          <Field.Root name="actions" hint={plan.gaps.join('; ')}>
            <Field.Hint />
          </Field.Root>
        ) : null}
        {plan.editable ? (
          <Flex gap={2}>
            <Button variant="tertiary" onClick={() => setRows([...rows, { term: 'short', action: '', ownerId: null, dueDate: plan.today, resources: null, done: false }])}>
              {t('plan.add', 'Add an action')}
            </Button>
            <Button onClick={() => void save()} loading={busy} data-testid="plan-save">
              {t('plan.save', 'Save the plan')}
            </Button>
          </Flex>
        ) : (
          <Typography variant="pi" textColor="neutral600">
            {t('plan.locked', 'The plan is under review: it changes again once approved or rejected.')}
          </Typography>
        )}
        {message ? <Typography textColor={message.ok ? 'success600' : 'danger600'}>{message.text}</Typography> : null}
      </Flex>
    </Box>
  );
};
