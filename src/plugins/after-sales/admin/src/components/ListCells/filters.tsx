import { SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { getFetchClient, useField } from '@strapi/strapi/admin';
import contentManagerLabels from '../../translations/content-manager/en.json';
import { loadDefinitions, loadedStates, titleIn } from '../../utils/workflowStates';
import { modelOnScreen } from './model';
import feedbackWorkflow from '../../../../server/src/extensions/feedback-workflow/package.json';
import complaintWorkflow from '../../../../server/src/extensions/complaint-workflow/package.json';
import serviceRecordWorkflow from '../../../../server/src/extensions/service-record-workflow/package.json';
import improvementWorkflow from '../../../../server/src/extensions/improvement-workflow/package.json';

type Option = { label: string; value: string };
type Filter = { name: string; label: unknown; type?: string; options?: Option[]; input?: unknown; operators?: unknown };

const LABELS = contentManagerLabels as Record<string, string>;

/** The admin's interface language, as Strapi keeps it. */
const language = () => ((window.localStorage.getItem('strapi-admin-language') ?? 'en').startsWith('zh') ? 'zh-Hans' : 'en');

/** A filter value chosen from the options by their labels; the chip then shows the label too. */
const OptionFilter = ({ name, options = [], ...rest }: { name: string; options?: Option[]; 'aria-label'?: string }) => {
  const field = useField<string>(name);
  return (
    <SingleSelect aria-label={rest['aria-label']} value={field.value ?? ''} onChange={(value: string | number) => field.onChange(name, String(value))}>
      {options.map((option) => (
        <SingleSelectOption key={option.value} value={option.value}>
          {option.label}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  );
};

type State = { id: string; title: string | Record<string, string> };
/**
 * The states of the built-in workflows, known without asking the server: a filter chip is drawn
 * once, when the list opens, usually before the definitions have been read.
 */
const BUILT_IN: State[][] = [feedbackWorkflow, complaintWorkflow, serviceRecordWorkflow, improvementWorkflow].map((m) => m.afterSales.contributes.workflows[0].states as State[]);
const BUILT_IN_BY_MODEL: Record<string, State[]> = Object.fromEntries(
  [feedbackWorkflow, complaintWorkflow, serviceRecordWorkflow, improvementWorkflow].map((m, i) => [m.afterSales.contributes.workflows[0].contentType, BUILT_IN[i]])
);

/**
 * The workflow states of `model` as options: the built-in workflow's at once, then (the same
 * array, filled in place) those of the active definitions once read, which an extension may change.
 */
const stateOptions = (model: string): Option[] => {
  const options: Option[] = [];
  const fill = (states: State[] | null | undefined) => {
    if (states?.length) options.splice(0, options.length, ...states.map((s) => ({ value: s.id, label: titleIn(s.title, language()) })));
  };
  fill(loadedStates(model) ?? BUILT_IN_BY_MODEL[model]);
  if (!loadedStates(model)) loadDefinitions((url) => getFetchClient().get(url)).then(() => fill(loadedStates(model)));
  return options;
};

/**
 * Content Manager list filters (hook `Admin/CM/pages/ListView/inject-in-filters`): each field is
 * named by its label in the interface language (the id the list's column headers use), and
 * enumeration options and workflow states are chosen and shown by their labels ("状态 等于 已分派",
 * not "State 等于 triaged").
 */
export const translateListFilters = ({ displayedFilters, layout }: { displayedFilters: Filter[]; layout: unknown }) => {
  const model = modelOnScreen();
  if (!model) return { displayedFilters, layout };
  return {
    layout,
    displayedFilters: displayedFilters.map((filter) => {
      const id = `content-manager.content-types.${model}.${filter.name}`;
      const next: Filter = id in LABELS ? { ...filter, label: { id, defaultMessage: LABELS[id] } } : { ...filter };
      if (filter.name === '__status' || filter.input) return next;
      if (filter.type === 'enumeration' && filter.options) return { ...next, input: OptionFilter };
      if (filter.name === 'state' && filter.type === 'string') return { ...next, type: 'enumeration', options: stateOptions(model), input: OptionFilter };
      return next;
    }),
  };
};
