import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { useFetchClient } from '@strapi/strapi/admin';

type Title = string | Record<string, string>;
type Definition = { contentType: string; states: { id: string; title: Title }[] };

/** The workflow definitions, read once per page load (they change only when an extension does). */
let definitions: Promise<Definition[]> | null = null;
/** The same, once read (for code that cannot wait: the Content Manager's filter hook). */
let loaded: Definition[] | null = null;

export const titleIn = (title: Title, locale: string) => (typeof title === 'string' ? title : (title[locale] ?? title.en ?? Object.values(title)[0]));

/** Reads the workflow definitions once (`get` is the admin's fetch client). */
export const loadDefinitions = (get: (url: string) => Promise<any>): Promise<Definition[]> => {
  definitions ??= get('/after-sales/workflows')
    .then((res: any) => {
      loaded = (res.data?.data ?? []) as Definition[];
      return loaded;
    })
    .catch(() => {
      definitions = null;
      return [];
    });
  return definitions;
};

/** The states of a content type's workflow, if the definitions have been read. */
export const loadedStates = (model: string) => loaded?.find((d) => d.contentType === model)?.states ?? null;

/**
 * The title of a workflow state in the interface language (`in-progress` → 处理中), from the
 * active workflow definitions. Until they are read, and for an unknown state, the code itself.
 */
export const useStateTitle = (model: string) => {
  const { locale } = useIntl();
  const { get } = useFetchClient();
  const [list, setList] = useState<Definition[] | null>(null);
  useEffect(() => {
    let live = true;
    loadDefinitions(get).then((d) => {
      if (live) setList(d);
    });
    return () => {
      live = false;
    };
  }, [get]);
  const language = locale.startsWith('zh') ? 'zh-Hans' : 'en';
  return (state: unknown) => {
    const found = list?.find((d) => d.contentType === model)?.states.find((s) => s.id === state);
    return found ? titleIn(found.title, language) : String(state ?? '');
  };
};
