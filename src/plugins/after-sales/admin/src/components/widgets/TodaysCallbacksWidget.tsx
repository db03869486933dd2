import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';
import { WorkItemWidget } from './WorkItemWidget';

/** Homepage: satisfaction callbacks due by the end of today. */
const TodaysCallbacksWidget = () => {
  const { formatMessage } = useIntl();
  return (
    <WorkItemWidget
      path="/after-sales/dashboard/todays-callbacks"
      testId="widget-todays-callbacks"
      empty={formatMessage({ id: getTranslation('widget.noCallbacks'), defaultMessage: 'No callback is due today.' })}
    />
  );
};

export default TodaysCallbacksWidget;
