import { useTranslation } from 'react-i18next';
import type { RemoteParty } from '../../../preload/contract';
import { partyLabel } from '../party';

/**
 * The other party as name and number. Everything is rendered as React text: a display name such
 * as `<img src=x onerror=…>` shows up literally and is never parsed.
 */
export function Party({ remote, className }: { remote: RemoteParty; className?: string }) {
  const { t } = useTranslation();
  const { name, address } = partyLabel(remote);
  const addressText = address.kind === 'withheld' ? t('calls.unknownCaller') : address.text;
  return (
    <span className={className ? `party ${className}` : 'party'}>
      <span className="party__name">{name ?? addressText}</span>
      {name !== null && <span className="party__number">{addressText}</span>}
    </span>
  );
}
