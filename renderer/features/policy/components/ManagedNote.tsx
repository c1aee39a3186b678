import { useTranslation } from 'react-i18next';

/** Under a setting IT pins: why it cannot be changed here. */
export function ManagedNote({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <p id={id} className="field__managed">
      {t('policy.managed')}
    </p>
  );
}
