import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { useFetchClient } from '@strapi/strapi/admin';

type Title = string | Record<string, string>;
type Definition = { contentType: string; states: { id: string; title: Title }[] };

/** The workflow definitions, read once per page load (they change only when an extension does). */
let definitions: Promise<Definition[]> | null = null;

const titleIn = (title: Title, locale: string) => (typeof title === 'string' ? title : title[locale] ?? title.en ?? Object.values(title)[0]);

/**
 * The title of a workflow state in the interface language (`in-progress` → 处理中), from the
 * active workflow definitions. Until they are read, and for an unknown state, the code itself.
 */
export const useStateTitle = (model: string) => {
  const { locale } = useIntl();
  const { get } = useFetchClient();
  const [list, setList] = useState<Definition[] | null>(null);
  useEffect(() => {
    definitions ??= get('/after-sales/workflows')
      .then((res: any) => (res.data?.data ?? []) as Definition[])
      .catch(() => {
        definitions = null;
        return [];
      });
    let live = true;
    definitions.then((d) => {
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
