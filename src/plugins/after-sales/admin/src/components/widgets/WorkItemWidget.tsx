import * as React from 'react';
import { Box, Flex, Link, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { RemainingTime } from '../Dashboard/RemainingTime';
import { recordPath, type DashboardRow } from '../Dashboard/types';

/** A homepage widget listing work items from one dashboard endpoint, each linking to its record. */
export const WorkItemWidget = ({ path, empty, testId }: { path: string; empty: string; testId: string }) => {
  const { formatMessage, locale } = useIntl();
  const { get } = useFetchClient();
  const [rows, setRows] = React.useState<DashboardRow[] | null>(null);
  const [failed, setFailed] = React.useState(false);

  React.useEffect(() => {
    let live = true;
    get<{ data: DashboardRow[] }>(`${path}?locale=${locale.startsWith('zh') ? 'zh-Hans' : 'en'}`)
      .then((response) => live && setRows(response.data.data))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [get, path, locale]);

  if (failed) return <Typography textColor="danger600">{formatMessage({ id: getTranslation('widget.failed'), defaultMessage: 'Could not load this list.' })}</Typography>;
  if (!rows) return <Loader small>{formatMessage({ id: getTranslation('panel.loading'), defaultMessage: 'Loading' })}</Loader>;
  if (!rows.length)
    return (
      <Typography textColor="neutral600" data-testid={testId}>
        {empty}
      </Typography>
    );
  return (
    <Flex direction="column" alignItems="stretch" gap={2} tag="ul" data-testid={testId}>
      {rows.map((row) => (
        <Box tag="li" key={`${row.contentType}:${row.documentId}`}>
          <Flex justifyContent="space-between" gap={2}>
            <Flex direction="column" alignItems="flex-start">
              <Link tag={RouterLink} to={recordPath(row)}>
                {row.reference}
              </Link>
              <Typography variant="pi" textColor="neutral600" ellipsis>
                {`${row.stateTitle}${row.summary ? ` · ${row.summary}` : ''}`}
              </Typography>
            </Flex>
            <RemainingTime row={row} />
          </Flex>
        </Box>
      ))}
    </Flex>
  );
};
