import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../../app/hooks';
import { selectPolicyProblems } from '../policySelectors';

/**
 * IT's policy file is invalid: calling is disabled (fail closed) and the agent sees exactly what
 * is wrong, to pass on to IT. It goes by itself once the file is fixed.
 */
export function PolicyBanner() {
  const { t } = useTranslation();
  const invalid = useAppSelector(selectPolicyProblems);
  const titleId = useId();
  if (!invalid) return null;
  return (
    <section role="alert" className="policy-banner" aria-labelledby={titleId}>
      <h2 id={titleId} className="policy-banner__title">
        {t('policy.invalidTitle')}
      </h2>
      <p>{t('policy.invalidBody', { file: invalid.file ?? '' })}</p>
      <ul className="policy-banner__problems">
        {invalid.problems.map((problem) => (
          <li key={problem}>
            <code>{problem}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
