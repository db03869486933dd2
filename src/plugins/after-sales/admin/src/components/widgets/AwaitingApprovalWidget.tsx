import * as React from 'react';
import { Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useFetchClient } from '@strapi/strapi/admin';
import type { ApprovalRow } from '../../../../shared/dashboard';
import { getTranslation } from '../../utils/getTranslation';
import { ApprovalList } from '../Dashboard/ApprovalList';

/** Homepage: complaints and improvement records whose plan waits for my approval (department heads). */
const AwaitingApprovalWidget = () => {
  const { formatMessage, locale } = useIntl();
  const { get } = useFetchClient();
  const [rows, setRows] = React.useState<ApprovalRow[] | null>(null);
  const [failed, setFailed] = React.useState(false);

  React.useEffect(() => {
    let live = true;
    get<{ data: ApprovalRow[] }>(`/after-sales/dashboard/awaiting-approval?locale=${locale.startsWith('zh') ? 'zh-Hans' : 'en'}`)
      .then((response) => live && setRows(response.data.data))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [get, locale]);

  if (failed) return <Typography textColor="danger600">{formatMessage({ id: getTranslation('widget.failed'), defaultMessage: 'Could not load this list.' })}</Typography>;
  if (!rows) return <Loader small>{formatMessage({ id: getTranslation('panel.loading'), defaultMessage: 'Loading' })}</Loader>;
  return <ApprovalList rows={rows} testId="widget-awaiting-approval" empty={formatMessage({ id: getTranslation('approval.none'), defaultMessage: 'No plan is waiting for your approval.' })} />;
};

export default AwaitingApprovalWidget;
