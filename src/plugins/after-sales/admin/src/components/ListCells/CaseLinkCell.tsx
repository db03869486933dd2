import { useIntl } from 'react-intl';
import { Link } from '@strapi/design-system';
import { Link as RouterLink } from 'react-router-dom';
import { getTranslation } from '../../utils/getTranslation';
import { casePath } from '../../utils/caseLink';

/** A list cell that opens the case screen of the row (without opening the record as the row click does). */
export const CaseLinkCell = ({ model, documentId }: { model: string; documentId: string }) => {
  const { formatMessage } = useIntl();
  if (!documentId) return null;
  return (
    <Link tag={RouterLink} to={casePath(model, documentId)} onClick={(event: React.MouseEvent) => event.stopPropagation()} data-testid="case-link">
      {formatMessage({ id: getTranslation('case.open'), defaultMessage: 'Open conversation' })}
    </Link>
  );
};
