/**
 * What the app's windows may do: where they may navigate, what they may open, which permissions
 * and devices they get. Pure decisions with no Electron import, so every rule is unit-tested in
 * plain Node; main/app/security.ts only wires them to Electron's session and web contents.
 */

/** The renderer is served from app://sori-desk/, a secure origin of its own (not file://). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://sori-desk`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for the app's own origin (`app://sori-desk`, as a permission check names it) and any page
 * under it. Parsed, not prefix-matched, so `app://sori-desk.evil/`, `app://x@sori-desk/` or a port
 * never pass.
 */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === 'sori-desk' &&
    parsed.username === '' &&
    parsed.password === '' &&
    (url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`))
  );
}

/** will-navigate / will-redirect / will-frame-navigate: only within the app. */
export const mayNavigate = (url: string): boolean => isAppUrl(url);

export interface WindowOpenDecision {
  /** A new Electron window is never created. */
  action: 'deny';
  /** A web link the user's browser should open instead, or null to drop the request. */
  openExternally: string | null;
}

/**
 * window.open, target=_blank and middle-click: never a window inside the app. An https link (a
 * CRM page, a help article) goes to the user's browser; anything else (http, file, javascript,
 * data, custom schemes that could start other programs, links carrying credentials) is dropped.
 */
export function windowOpenDecision(url: string): WindowOpenDecision {
  const parsed = parse(url);
  const external =
    parsed !== null &&
    parsed.protocol === 'https:' &&
    parsed.hostname !== '' &&
    parsed.username === '' &&
    parsed.password === '';
  return { action: 'deny', openExternally: external ? parsed.href : null };
}

/**
 * Permissions the app's page uses: the microphone ('media', audio only), desktop notifications
 * for a call ringing behind other windows, and WebHID for headset call buttons. Nothing for any
 * other origin, nothing else for the app (no camera, screen capture, geolocation, clipboard
 * read, USB, serial, MIDI, openExternal...).
 */
export const APP_PERMISSIONS: ReadonlySet<string> = new Set(['media', 'notifications', 'hid']);

export interface PermissionRequest {
  permission: string;
  /** URL of the page (or origin) that asks. */
  requestingUrl: string;
  /** For 'media': what getUserMedia asked for ('audio', 'video'). */
  mediaTypes?: readonly string[] | undefined;
}

/** setPermissionRequestHandler: the page asks to be granted something. */
export function permissionRequestAllowed({
  permission,
  requestingUrl,
  mediaTypes,
}: PermissionRequest): boolean {
  if (!APP_PERMISSIONS.has(permission) || !isAppUrl(requestingUrl)) return false;
  if (permission === 'media') return (mediaTypes ?? []).every((type) => type === 'audio');
  return true;
}

export interface PermissionCheck {
  permission: string;
  requestingOrigin: string;
  /** For 'media': 'audio', 'video' or 'unknown' (device enumeration). */
  mediaType?: string | undefined;
}

/** setPermissionCheckHandler: the page asks whether it already has something. */
export function permissionCheckAllowed({
  permission,
  requestingOrigin,
  mediaType,
}: PermissionCheck): boolean {
  if (!APP_PERMISSIONS.has(permission) || !isAppUrl(requestingOrigin)) return false;
  return permission !== 'media' || mediaType !== 'video';
}

/** setDevicePermissionHandler: HID devices (headsets) for the app's page; no USB or serial. */
export const devicePermissionAllowed = (deviceType: string, origin: string): boolean =>
  deviceType === 'hid' && isAppUrl(origin);

/**
 * select-hid-device: Electron has no picker. The page asks for Telephony devices only, so the
 * first one offered is taken (a desk has one headset); '' refuses.
 */
export function chooseHidDevice(frameUrl: string, deviceIds: readonly string[]): string {
  return isAppUrl(frameUrl) ? (deviceIds[0] ?? '') : '';
}
