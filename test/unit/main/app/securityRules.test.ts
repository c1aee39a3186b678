import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  APP_PERMISSIONS,
  chooseHidDevice,
  devicePermissionAllowed,
  isAppUrl,
  mayNavigate,
  permissionCheckAllowed,
  permissionRequestAllowed,
  windowOpenDecision,
} from '../../../../main/app/securityRules';

const APP_PAGE = `${APP_ORIGIN}/index.html`;

// URLs a compromised or confused page could try to reach; none of them is the app.
const FOREIGN = [
  'file:///etc/passwd',
  'file:///C:/Windows/System32/cmd.exe',
  'http://crm.example.com/',
  'https://crm.example.com/customer/1',
  'http://127.0.0.1:5173/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'blob:app://sori-desk/4f1c',
  'devtools://devtools/bundled/inspector.html',
  'chrome://settings',
  'about:blank',
  'app://sori-desk.evil.com/index.html',
  'app://evil/index.html',
  'app://x@sori-desk/index.html',
  'app://sori-desk:8080/index.html',
  'app://sori-deskevil/index.html',
  'APP://SORI-DESK.EVIL/',
  'sip:1001@pbx.example.com',
  'tel:010-1234-5678',
  'ms-settings:privacy',
  '',
  'not a url',
];

describe('the app’s own origin', () => {
  it.each([APP_ORIGIN, `${APP_ORIGIN}/`, APP_PAGE, `${APP_ORIGIN}/assets/index-abc.js?x=1#y`])(
    '%s is the app',
    (url) => expect(isAppUrl(url)).toBe(true),
  );

  it.each(FOREIGN)('%s is not the app', (url) => expect(isAppUrl(url)).toBe(false));
});

describe('navigation', () => {
  it('stays within the app', () => {
    expect(mayNavigate(APP_PAGE)).toBe(true);
    expect(mayNavigate(`${APP_ORIGIN}/settings`)).toBe(true);
  });

  it.each(FOREIGN)('to %s is refused', (url) => expect(mayNavigate(url)).toBe(false));
});

describe('new windows', () => {
  it.each([...FOREIGN, APP_PAGE])('%s never opens a window inside the app', (url) =>
    expect(windowOpenDecision(url).action).toBe('deny'),
  );

  it('an https link goes to the user’s browser, normalised', () => {
    expect(windowOpenDecision('https://crm.example.com/customer/1')).toEqual({
      action: 'deny',
      openExternally: 'https://crm.example.com/customer/1',
    });
    expect(windowOpenDecision('HTTPS://Help.Example.com').openExternally).toBe(
      'https://help.example.com/',
    );
  });

  it.each([
    'http://crm.example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'smb://fileserver/share',
    'ms-settings:privacy',
    'sip:1001@pbx.example.com',
    'https://user:secret@crm.example.com/',
    'https://user@crm.example.com/',
    'https:',
    APP_PAGE,
    'not a url',
  ])('%s is not handed to the operating system', (url) =>
    expect(windowOpenDecision(url).openExternally).toBeNull(),
  );
});

describe('permission requests', () => {
  it('the app may use the microphone, notifications and WebHID', () => {
    for (const permission of ['notifications', 'hid'])
      expect(permissionRequestAllowed({ permission, requestingUrl: APP_PAGE })).toBe(true);
    expect(
      permissionRequestAllowed({
        permission: 'media',
        requestingUrl: APP_PAGE,
        mediaTypes: ['audio'],
      }),
    ).toBe(true);
  });

  it('the microphone only: a camera request is refused, even from the app', () => {
    for (const mediaTypes of [['video'], ['audio', 'video']])
      expect(
        permissionRequestAllowed({ permission: 'media', requestingUrl: APP_PAGE, mediaTypes }),
      ).toBe(false);
  });

  it.each([
    'geolocation',
    'display-capture',
    'clipboard-read',
    'openExternal',
    'usb',
    'serial',
    'midi',
    'midiSysex',
    'fullscreen',
    'pointerLock',
    'idle-detection',
    'window-management',
    'local-fonts',
    'unknown',
  ])('%s is refused to the app', (permission) =>
    expect(permissionRequestAllowed({ permission, requestingUrl: APP_PAGE })).toBe(false),
  );

  it.each(FOREIGN)('%s gets nothing, not even what the app gets', (requestingUrl) => {
    for (const permission of APP_PERMISSIONS)
      expect(
        permissionRequestAllowed({ permission, requestingUrl, mediaTypes: ['audio'] }),
        permission,
      ).toBe(false);
  });

  it('grants exactly the microphone, notifications and WebHID', () => {
    expect([...APP_PERMISSIONS].sort()).toEqual(['hid', 'media', 'notifications']);
  });
});

describe('permission checks', () => {
  it('the app has what it was granted', () => {
    expect(permissionCheckAllowed({ permission: 'hid', requestingOrigin: APP_ORIGIN })).toBe(true);
    expect(
      permissionCheckAllowed({ permission: 'notifications', requestingOrigin: APP_ORIGIN }),
    ).toBe(true);
    for (const mediaType of ['audio', 'unknown', undefined])
      expect(
        permissionCheckAllowed({ permission: 'media', requestingOrigin: APP_ORIGIN, mediaType }),
      ).toBe(true);
  });

  it('no camera, no geolocation, nothing for another origin', () => {
    expect(
      permissionCheckAllowed({
        permission: 'media',
        requestingOrigin: APP_ORIGIN,
        mediaType: 'video',
      }),
    ).toBe(false);
    expect(
      permissionCheckAllowed({ permission: 'geolocation', requestingOrigin: APP_ORIGIN }),
    ).toBe(false);
    for (const requestingOrigin of [
      'https://crm.example.com',
      'http://127.0.0.1:5173',
      'file://',
      'null',
    ])
      for (const permission of APP_PERMISSIONS)
        expect(permissionCheckAllowed({ permission, requestingOrigin }), requestingOrigin).toBe(
          false,
        );
  });
});

describe('devices (WebHID headsets)', () => {
  it('HID for the app only; never USB or serial', () => {
    expect(devicePermissionAllowed('hid', APP_ORIGIN)).toBe(true);
    expect(devicePermissionAllowed('hid', 'https://crm.example.com')).toBe(false);
    expect(devicePermissionAllowed('usb', APP_ORIGIN)).toBe(false);
    expect(devicePermissionAllowed('serial', APP_ORIGIN)).toBe(false);
  });

  it('the app gets the first headset offered; another frame gets none', () => {
    expect(chooseHidDevice(APP_PAGE, ['headset-1', 'headset-2'])).toBe('headset-1');
    expect(chooseHidDevice(APP_PAGE, [])).toBe('');
    expect(chooseHidDevice('https://crm.example.com/', ['headset-1'])).toBe('');
    expect(chooseHidDevice('', ['headset-1'])).toBe('');
  });
});
