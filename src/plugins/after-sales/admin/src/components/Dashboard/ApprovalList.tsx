import { Badge, Box, Flex, Link, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import type { ApprovalProgress, ApprovalRow } from '../../../../shared/dashboard';
import { getTranslation } from '../../utils/getTranslation';
import { recordPath } from './types';
import { CaseLinkCell } from '../ListCells/CaseLinkCell';

/** "1/3 · 售后服务部 王经理 ✓ · 技术部 待审批": where a plan's approval stands. */
export const useApprovalSummary = () => {
  const { formatMessage } = useIntl();
  return (progress: ApprovalProgress) =>
    progress.steps
      .map((step) =>
        step.decision === 'approved'
          ? formatMessage({ id: getTranslation('approval.approvedBy'), defaultMessage: '{department}: approved by {name}' }, { department: step.departmentName, name: step.approverName ?? '' })
          : step.decision === 'rejected'
            ? formatMessage({ id: getTranslation('approval.rejectedBy'), defaultMessage: '{department}: rejected by {name}' }, { department: step.departmentName, name: step.approverName ?? '' })
            : formatMessage({ id: getTranslation('approval.pending'), defaultMessage: '{department}: waiting' }, { department: step.departmentName })
      )
      .join(' · ');
};

/** Plans waiting for the caller's approval; each row opens its record. */
export const ApprovalList = ({ rows, empty, testId }: { rows: ApprovalRow[]; empty: string; testId: string }) => {
  const { formatMessage } = useIntl();
  const summary = useApprovalSummary();
  if (!rows.length) {
    return (
      <Typography textColor="neutral600" data-testid={testId}>
        {empty}
      </Typography>
    );
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={3} tag="ul" data-testid={testId}>
      {rows.map((row) => (
        <Box tag="li" key={`${row.contentType}:${row.documentId}`}>
          <Flex justifyContent="space-between" gap={2} alignItems="flex-start">
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Flex gap={2}>
                <Link tag={RouterLink} to={recordPath(row)}>
                  {row.reference}
                </Link>
                <CaseLinkCell model={row.contentType} documentId={row.documentId} />
                <Typography variant="pi" textColor="neutral600">
                  {formatMessage({ id: getTranslation(`dashboard.kind.${row.kind}`), defaultMessage: row.kind })}
                </Typography>
              </Flex>
              {row.summary && (
                <Typography variant="pi" textColor="neutral700" ellipsis>
                  {row.summary}
                </Typography>
              )}
              <Typography variant="pi" textColor="neutral600">
                {summary(row.progress)}
              </Typography>
            </Flex>
            <Badge
              backgroundColor="warning100"
              textColor="warning700"
              title={formatMessage({ id: getTranslation('approval.progressHint'), defaultMessage: 'departments that approved / departments that must approve' })}
            >
              {formatMessage({ id: getTranslation('approval.progress'), defaultMessage: 'approved {approved}/{total}' }, { approved: row.progress.approved, total: row.progress.total })}
            </Badge>
          </Flex>
        </Box>
      ))}
    </Flex>
  );
};
