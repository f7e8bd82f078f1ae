// Browser plumbing for the e2e driver: headless Debian Chromium through playwright-core, one
// fresh context per scenario, and the DevTools virtual authenticator (CDP WebAuthn domain).
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

// Flags measured to matter in a container (no sandbox, no GPU, no background traffic).
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function launch() {
  if (!CHROMIUM) throw new Error('chromium not found (set CHROMIUM_PATH or apt-get install chromium)');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

export const AUTHENTICATORS = {
  /** A USB security key speaking CTAP2, no PIN, no resident keys. */
  ctap2Usb: { protocol: 'ctap2', ctap2Version: 'ctap2_1', transport: 'usb', hasResidentKey: false, hasUserVerification: false },
  /** A platform authenticator (like Touch ID): resident keys and user verification. */
  ctap2Platform: { protocol: 'ctap2', ctap2Version: 'ctap2_1', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  /** A U2F-only key: fido-u2f attestation, ES256 only. */
  u2f: { protocol: 'u2f', transport: 'usb', hasResidentKey: false, hasUserVerification: false },
};

/**
 * A fresh browser context (own cookies) with a page at `url` and a CDP session with WebAuthn on.
 * `addAuthenticator(kind)` returns the authenticator id; `remove(id)` takes it away.
 */
export async function openPage(browser, url, { waitForDemo = true } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(url);
  if (waitForDemo) await page.waitForFunction(() => window.demoReady === true, null, { timeout: 10_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  return {
    context,
    page,
    cdp,
    consoleErrors,
    async addAuthenticator(kind) {
      const options = { automaticPresenceSimulation: true, ...AUTHENTICATORS[kind] };
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options });
      return authenticatorId;
    },
    async removeAuthenticator(authenticatorId) {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    },
    async credentials(authenticatorId) {
      return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    },
    close: () => context.close(),
  };
}
