import * as React from 'react';
import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useFetchClient } from '@strapi/strapi/admin';
import type { ApprovalProgress as Progress } from '../../../../shared/dashboard';
import { getTranslation } from '../../utils/getTranslation';

const COLOURS = { approved: ['success100', 'success700'], rejected: ['danger100', 'danger700'], waiting: ['neutral150', 'neutral700'] } as const;

/** The plan approval of a complaint or improvement record: 1/3, and who approved when. Refreshed with the item's version. */
export const ApprovalProgress = ({ model, documentId, version }: { model: string; documentId: string; version: number }) => {
  const { formatMessage, formatDate } = useIntl();
  const { get } = useFetchClient();
  const [progress, setProgress] = React.useState<Progress | null>(null);

  React.useEffect(() => {
    let live = true;
    get<{ data: Progress | null }>(`/after-sales/dashboard/approvals/${model}/${documentId}`)
      .then(({ data }) => live && setProgress(data.data))
      .catch(() => live && setProgress(null));
    return () => {
      live = false;
    };
  }, [get, model, documentId, version]);

  if (!progress) return null;
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="approval-progress">
      <Flex justifyContent="space-between" gap={2}>
        <Typography variant="sigma" textColor="neutral600">
          {formatMessage({ id: getTranslation('approval.title'), defaultMessage: 'Plan approval' })}
        </Typography>
        <Badge backgroundColor={progress.approved === progress.total ? 'success100' : 'warning100'} textColor={progress.approved === progress.total ? 'success700' : 'warning700'}>
          {formatMessage({ id: getTranslation('approval.progress'), defaultMessage: 'approved {approved}/{total}' }, { approved: progress.approved, total: progress.total })}
        </Badge>
      </Flex>
      {progress.steps.map((step) => {
        const [background, text] = COLOURS[step.decision ?? 'waiting'];
        return (
          <Box key={step.department}>
            <Flex justifyContent="space-between" gap={2}>
              <Typography variant="omega">{step.departmentName}</Typography>
              <Badge backgroundColor={background} textColor={text}>
                {formatMessage({ id: getTranslation(`approval.decision.${step.decision ?? 'waiting'}`), defaultMessage: step.decision ?? 'waiting' })}
              </Badge>
            </Flex>
            {step.approverName && (
              <Typography variant="pi" textColor="neutral600" tag="p">
                {step.approverName}
                {step.decidedAt ? ` · ${formatDate(step.decidedAt, { dateStyle: 'medium', timeStyle: 'short' })}` : ''}
              </Typography>
            )}
          </Box>
        );
      })}
    </Flex>
  );
};
