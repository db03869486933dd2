import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';
import { WorkItemWidget } from './WorkItemWidget';

/** Homepage: my items whose deadline has passed. */
const MyOverdueWidget = () => {
  const { formatMessage } = useIntl();
  return (
    <WorkItemWidget
      path="/after-sales/dashboard/my-overdue"
      testId="widget-my-overdue"
      empty={formatMessage({ id: getTranslation('widget.noOverdue'), defaultMessage: 'None of your items is overdue.' })}
    />
  );
};

export default MyOverdueWidget;
