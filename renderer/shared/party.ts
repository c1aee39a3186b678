import type { RemoteParty } from '../../preload/contract';
import { sanitizeDisplayName, SCREEN_NAME_MAX } from './displayText';
import { partyAddress, type PartyAddress } from './phoneNumber';

export interface PartyLabel {
  /** The caller's display name, cleaned and cut for the screen; null when there is none. */
  name: string | null;
  address: PartyAddress;
}

/** What the screen shows for the other party of a call. Plain text only. */
export function partyLabel(remote: RemoteParty): PartyLabel {
  const address = partyAddress(remote.uri);
  return {
    name: sanitizeDisplayName(remote.displayName, SCREEN_NAME_MAX),
    address:
      address.kind === 'address'
        ? { kind: 'address', text: sanitizeDisplayName(address.text, SCREEN_NAME_MAX) ?? '' }
        : address,
  };
}
