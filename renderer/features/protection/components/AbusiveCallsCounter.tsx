import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../../app/hooks';
import { selectAbusiveCalls } from '../protectionSelectors';

/** The agent's count of abusive calls (강성 통화), small, in the toolbar. */
export function AbusiveCallsCounter() {
  const { t } = useTranslation();
  const count = useAppSelector(selectAbusiveCalls);
  return <span className="toolbar__abusive">{t('protection.abusiveCalls', { n: count })}</span>;
}
