import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { isForbidden } from './serverErrors';

/**
 * The rows a settings page lists (`GET url` answering `{ data: rows }`): null while loading, empty
 * when the list could not be read, `forbidden` when the server refused the user; `reload` after a change.
 */
export const useSettingsList = <Row>(url: string) => {
  const { get } = useFetchClient();
  const [rows, setRows] = React.useState<Row[] | null>(null);
  const [forbidden, setForbidden] = React.useState(false);
  const reload = React.useCallback(() => {
    get<{ data: Row[] }>(url)
      .then(({ data }) => setRows(data.data))
      .catch((e) => (isForbidden(e) ? setForbidden(true) : setRows([])));
  }, [get, url]);
  React.useEffect(reload, [reload]);
  return { rows, forbidden, reload };
};
