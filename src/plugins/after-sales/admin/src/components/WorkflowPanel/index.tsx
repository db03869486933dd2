import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';
import { WorkflowPanelContent } from './WorkflowPanelContent';
import { useWorkflowContentTypes } from '../../utils/itemKinds';

/** Content Manager edit-view side panel for items run by a workflow. */
export const WorkflowPanel = ({ model, documentId, document }: { model: string; documentId?: string; document?: Record<string, unknown> }) => {
  const { formatMessage } = useIntl();
  const contentTypes = useWorkflowContentTypes();
  if (!documentId || !contentTypes.includes(model)) return null;
  return {
    title: formatMessage({ id: getTranslation('panel.title'), defaultMessage: 'Workflow' }),
    content: <WorkflowPanelContent model={model} documentId={documentId} record={document} />,
  };
};
