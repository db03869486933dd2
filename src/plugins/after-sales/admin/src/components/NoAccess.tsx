import { Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';
import { isForbidden } from '../utils/serverErrors';

/** A plain "you don't have access" page instead of an error: what a staff member should do next. */
export const NoAccess = () => {
  const { formatMessage } = useIntl();
  return (
    <div data-testid="no-access">
      <Page.NoPermissions
        content={formatMessage({
          id: getTranslation('noAccess'),
          defaultMessage: "You don't have access to this page. Ask an administrator to give your role access.",
        })}
      />
    </div>
  );
};

/** The page shown when a plugin page could not load: "no access" for a 403, the generic error otherwise. */
export const PageFailure = ({ error }: { error: unknown }) => (isForbidden(error) ? <NoAccess /> : <Page.Error />);
