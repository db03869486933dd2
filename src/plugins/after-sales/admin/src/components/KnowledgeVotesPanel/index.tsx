import * as React from 'react';
import { Flex, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';

const ARTICLE = 'api::knowledge-article.knowledge-article';

interface Votes {
  locale: string;
  helpful: number;
  notHelpful: number;
}

/**
 * The customers' "was this helpful" answers from the help center, per published language. They are
 * counted on the published article, so the draft open in the form does not show them.
 */
const KnowledgeVotesContent = ({ documentId }: { documentId: string }) => {
  const { formatMessage, formatNumber } = useIntl();
  const { get } = useFetchClient();
  const [votes, setVotes] = React.useState<Votes[] | null>(null);
  const [failed, setFailed] = React.useState(false);
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);

  React.useEffect(() => {
    let live = true;
    get<{ data: Votes[] }>(`/after-sales/knowledge/${documentId}/votes`)
      .then(({ data }) => live && setVotes(data.data))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [get, documentId]);

  if (failed) return <Typography textColor="danger600">{t('kbVotes.unavailable', 'The votes are not available.')}</Typography>;
  if (!votes) return <Loader small>{t('panel.loading', 'Loading')}</Loader>;
  if (!votes.length) return <Typography textColor="neutral600">{t('kbVotes.unpublished', 'Customers vote on the published article; this one is not published yet.')}</Typography>;
  const language = (locale: string) => (locale === 'en' ? t('kbVotes.locale.en', 'English') : locale === 'zh-Hans' ? t('kbVotes.locale.zh-Hans', 'Chinese') : locale);
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="kb-votes">
      {votes.map((v) => {
        const total = v.helpful + v.notHelpful;
        return (
          <Flex key={v.locale} direction="column" alignItems="flex-start" gap={1} data-testid={`kb-votes-${v.locale}`}>
            <Typography variant="sigma">{language(v.locale)}</Typography>
            <Typography>{t('kbVotes.counts', '{helpful} helpful, {notHelpful} not helpful', { helpful: v.helpful, notHelpful: v.notHelpful })}</Typography>
            <Typography variant="pi" textColor="neutral600">
              {total ? t('kbVotes.share', '{share} found it helpful', { share: formatNumber(v.helpful / total, { style: 'percent' }) }) : t('kbVotes.noVotes', 'No votes yet')}
            </Typography>
          </Flex>
        );
      })}
    </Flex>
  );
};

/** Side panel of a knowledge article's edit view. */
export const KnowledgeVotesPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  const { formatMessage } = useIntl();
  if (!documentId || model !== ARTICLE) return null;
  return {
    title: formatMessage({ id: getTranslation('kbVotes.title'), defaultMessage: 'Was this helpful?' }),
    content: <KnowledgeVotesContent documentId={documentId} />,
  };
};
