import * as React from 'react';
import { Button, Field, Flex, IconButton, MultiSelect, MultiSelectOption, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { useT } from './shared';
import { ComplexField, conditionWith, NeedsRndField, splitList } from './conditions';
import type { Clock, ClockEvent, WorkflowVocabulary } from './policyTypes';

const EVENT_LISTS = ['start', 'stop', 'restart', 'cancel'] as const;
type EventList = (typeof EVENT_LISTS)[number];
type EventKind = 'intake' | 'reply' | 'complete' | 'action' | 'enter' | 'set';

const kindOf = (event: ClockEvent): EventKind =>
  event.event === 'intake'
    ? 'intake'
    : event.event === 'reply'
      ? 'reply'
      : event.action !== undefined
        ? 'action'
        : event.enter !== undefined
          ? 'enter'
          : event.set !== undefined || event.complete === undefined
            ? 'set'
            : 'complete';

/** An event of the new kind, keeping its condition and start field. */
const withKind = (event: ClockEvent, kind: EventKind, vocabulary: WorkflowVocabulary): ClockEvent => {
  const kept: ClockEvent = { ...(event.when ? { when: event.when } : {}), ...(event.at ? { at: event.at } : {}) };
  if (kind === 'intake') return { event: 'intake', ...kept };
  if (kind === 'reply') return { event: 'reply', ...kept };
  if (kind === 'complete') return { complete: event.complete?.length ? event.complete : [''], ...kept };
  if (kind === 'action') return { action: vocabulary.actions[0] ?? '', ...kept };
  if (kind === 'enter') return { enter: vocabulary.states[0] ?? '', ...kept };
  return { set: '', ...kept };
};

/**
 * Edits when one clock starts, stops, restarts and is cancelled (events: the item received, an
 * action, a state entered, a field filled in; each optionally only for some severities or items
 * needing R&D) and the states it is paused in. The server checks the result against the workflow
 * and answers each problem with its path (`data.clocks.2.stop.0.enter`), shown at the field.
 */
export const LifecycleEditor = ({
  clock,
  index,
  vocabulary,
  errors,
  onChange,
}: {
  clock: Clock;
  index: number;
  vocabulary: WorkflowVocabulary;
  errors: Record<string, string>;
  onChange: (clock: Clock) => void;
}) => {
  const t = useT();
  const labels: Record<EventList, string> = {
    start: t('sla.lifecycle.starts', 'Starts'),
    stop: t('sla.lifecycle.stops', 'Stops'),
    restart: t('sla.lifecycle.restarts', 'Restarts'),
    cancel: t('sla.lifecycle.cancelled', 'Cancelled'),
  };
  const events = (list: EventList) => clock[list] ?? [];
  const setEvents = (list: EventList, next: ClockEvent[]) => {
    const changed: Clock = { ...clock, [list]: next };
    if (!next.length && list !== 'start' && list !== 'stop') delete changed[list];
    onChange(changed);
  };
  const setEvent = (list: EventList, i: number, event: ClockEvent) =>
    setEvents(
      list,
      events(list).map((e, k) => (k === i ? event : e))
    );
  const setWhen = (list: EventList, i: number, key: 'severity' | 'needsRnd' | 'complex', value: string[] | boolean | undefined) => {
    const event = events(list)[i];
    const when = conditionWith(event.when, key, value);
    const next: ClockEvent = { ...event, when };
    if (!Object.keys(when).length) delete next.when;
    setEvent(list, i, next);
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid={`sla-lifecycle-${clock.field}`}>
      {EVENT_LISTS.map((list) => {
        const base = `data.clocks.${index}.${list}`;
        return (
          <Flex key={list} direction="column" alignItems="stretch" gap={2}>
            <Typography variant="sigma" textColor="neutral600">
              {labels[list]}
            </Typography>
            {errors[base] && (
              <Typography variant="pi" textColor="danger600">
                {errors[base]}
              </Typography>
            )}
            {events(list).map((event, i) => {
              const at = `${base}.${i}`;
              const kind = kindOf(event);
              return (
                <Flex key={i} gap={2} alignItems="flex-start" wrap="wrap" data-testid={`sla-event-${clock.field}-${list}-${i}`}>
                  <Field.Root name={`${at}.kind`} error={errors[at]}>
                    <Field.Label>{t('sla.lifecycle.when', 'When')}</Field.Label>
                    <SingleSelect value={kind} onChange={(value: string | number) => setEvent(list, i, withKind(event, value as EventKind, vocabulary))}>
                      <SingleSelectOption value="intake">{t('sla.lifecycle.kind.intake', 'the item is received')}</SingleSelectOption>
                      <SingleSelectOption value="reply">{t('sla.lifecycle.kind.reply', 'the customer gets a reply')}</SingleSelectOption>
                      <SingleSelectOption value="complete">{t('sla.lifecycle.kind.complete', 'these fields are all filled')}</SingleSelectOption>
                      <SingleSelectOption value="action">{t('sla.lifecycle.kind.action', 'an action is taken')}</SingleSelectOption>
                      <SingleSelectOption value="enter">{t('sla.lifecycle.kind.enter', 'a state is entered')}</SingleSelectOption>
                      <SingleSelectOption value="set">{t('sla.lifecycle.kind.set', 'a field is filled in')}</SingleSelectOption>
                    </SingleSelect>
                    <Field.Error />
                  </Field.Root>
                  {kind === 'action' && (
                    <Field.Root name={`${at}.action`} error={errors[`${at}.action`]}>
                      <Field.Label>{t('sla.lifecycle.actionName', 'Action')}</Field.Label>
                      <SingleSelect value={event.action ?? ''} onChange={(value: string | number) => setEvent(list, i, { ...event, action: String(value) })}>
                        {vocabulary.actions.map((action) => (
                          <SingleSelectOption key={action} value={action}>
                            {action}
                          </SingleSelectOption>
                        ))}
                      </SingleSelect>
                      <Field.Error />
                    </Field.Root>
                  )}
                  {kind === 'enter' && (
                    <Field.Root name={`${at}.enter`} error={errors[`${at}.enter`]}>
                      <Field.Label>{t('sla.lifecycle.stateName', 'State')}</Field.Label>
                      <SingleSelect value={event.enter ?? ''} onChange={(value: string | number) => setEvent(list, i, { ...event, enter: String(value) })}>
                        {vocabulary.states.map((state) => (
                          <SingleSelectOption key={state} value={state}>
                            {state}
                          </SingleSelectOption>
                        ))}
                      </SingleSelect>
                      <Field.Error />
                    </Field.Root>
                  )}
                  {kind === 'complete' && (
                    <Field.Root name={`${at}.complete`} error={errors[`${at}.complete`]}>
                      <Field.Label>{t('sla.lifecycle.completeFields', 'Fields (comma-separated)')}</Field.Label>
                      <TextInput
                        value={(event.complete ?? []).join(', ')}
                        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setEvent(list, i, { ...event, complete: splitList(e.target.value) })}
                      />
                      <Field.Error />
                    </Field.Root>
                  )}
                  {kind === 'set' && (
                    <Field.Root name={`${at}.set`} error={errors[`${at}.set`]}>
                      <Field.Label>{t('sla.lifecycle.fieldName', 'Field')}</Field.Label>
                      <TextInput value={event.set ?? ''} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setEvent(list, i, { ...event, set: e.target.value })} />
                      <Field.Error />
                    </Field.Root>
                  )}
                  <Field.Root name={`${at}.severity`} error={errors[`${at}.when.severity`] ?? errors[`${at}.when`]}>
                    <Field.Label>{t('sla.lifecycle.onlySeverity', 'Only for severity (comma-separated)')}</Field.Label>
                    <TextInput value={(event.when?.severity ?? []).join(', ')} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setWhen(list, i, 'severity', splitList(e.target.value))} />
                    <Field.Error />
                  </Field.Root>
                  <NeedsRndField name={`${at}.needsRnd`} value={event.when?.needsRnd} onChange={(value) => setWhen(list, i, 'needsRnd', value)} />
                  <ComplexField name={`${at}.complex`} value={event.when?.complex} onChange={(value) => setWhen(list, i, 'complex', value)} />
                  {(list === 'start' || list === 'restart') && (
                    <Field.Root name={`${at}.at`} error={errors[`${at}.at`]} hint={t('sla.lifecycle.atHint', 'empty: the moment of the event')}>
                      <Field.Label>{t('sla.lifecycle.at', 'Counted from field')}</Field.Label>
                      <TextInput value={event.at ?? ''} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setEvent(list, i, { ...event, at: e.target.value || undefined })} />
                      <Field.Hint />
                      <Field.Error />
                    </Field.Root>
                  )}
                  <IconButton
                    label={t('sla.remove', 'Remove')}
                    variant="ghost"
                    onClick={() =>
                      setEvents(
                        list,
                        events(list).filter((_, k) => k !== i)
                      )
                    }
                  >
                    <Trash />
                  </IconButton>
                </Flex>
              );
            })}
            <Flex>
              <Button variant="tertiary" size="S" startIcon={<Plus />} onClick={() => setEvents(list, [...events(list), withKind({}, 'enter', vocabulary)])}>
                {t('sla.lifecycle.addEvent', 'Add an event')}
              </Button>
            </Flex>
          </Flex>
        );
      })}
      <Field.Root name={`data.clocks.${index}.pause`} error={errors[`data.clocks.${index}.pause`]}>
        <Field.Label>{t('sla.lifecycle.pausedIn', 'Paused in')}</Field.Label>
        <MultiSelect
          value={clock.pause ?? []}
          withTags
          onChange={(value: string[]) => {
            const changed: Clock = { ...clock, pause: value };
            if (!value.length) delete changed.pause;
            onChange(changed);
          }}
        >
          {vocabulary.states.map((state) => (
            <MultiSelectOption key={state} value={state}>
              {state}
            </MultiSelectOption>
          ))}
        </MultiSelect>
        <Field.Error />
      </Field.Root>
    </Flex>
  );
};
