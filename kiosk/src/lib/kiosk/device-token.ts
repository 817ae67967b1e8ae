import type { DeviceScope } from '$contracts/roles.ts';

/** One key per app, so a browser that is both a board and a lift kiosk (a test bench) keeps both. */
const key = (scope: DeviceScope) => `pitwall.${scope}.deviceToken`;

export function loadDeviceToken(scope: DeviceScope): string | null {
  try {
    return localStorage.getItem(key(scope));
  } catch {
    return null;
  }
}

export function saveDeviceToken(scope: DeviceScope, token: string): void {
  localStorage.setItem(key(scope), token);
}

export function forgetDeviceToken(scope: DeviceScope): void {
  try {
    localStorage.removeItem(key(scope));
  } catch {
    // Nothing stored, nothing to forget.
  }
}
