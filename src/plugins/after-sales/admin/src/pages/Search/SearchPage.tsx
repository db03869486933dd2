import { useIntl } from 'react-intl';
import { Layouts, Page } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { QueueSearch } from '../Queues/QueueSearch';

/**
 * The menu's Search entry as a page: what a click with Ctrl, ⌘ or Shift, or a new tab, opens (a plain
 * click opens the search dialog where the staff member is). The queue page's search box and answers.
 */
const SearchPage = () => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  return (
    <Page.Main>
      <Page.Title>{t('search.title', 'Search cases and customers')}</Page.Title>
      <Layouts.Header title={t('search.title', 'Search cases and customers')} subtitle={t('search.subtitle', 'Ctrl+K (⌘K on a Mac) or / opens the search on any page.')} />
      <Layouts.Content>
        <QueueSearch locale={locale.startsWith('zh') ? 'zh-Hans' : 'en'} />
      </Layouts.Content>
    </Page.Main>
  );
};

export default SearchPage;
