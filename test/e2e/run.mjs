// Real-browser end-to-end test of the demo relying party (demo/), driven through its own page.
// Usage (normally via .ci/e2e.sh, which starts the demo): E2E_BASE_URL=http://localhost:PORT node test/e2e/run.mjs [phase]
//   phase "main" (default): every scenario below; writes E2E_STATE (a user to check after restart)
//   phase "after-restart":  the demo was restarted: that user can still sign in (store survived)
// Prints one line per scenario and a summary `e2e <phase>: N passed, M failed`; exits 1 on any failure.
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { launch, openPage } from './browser.mjs';
import { browserSmoke } from './browser-smoke.mjs';

const BASE = process.env.E2E_BASE_URL;
if (!BASE) {
  console.error('E2E_BASE_URL is required (e.g. http://localhost:8080)');
  process.exit(2);
}
const phase = process.argv[2] ?? 'main';
// .ci/e2e.sh starts the demo with a test metadata BLOB naming Chromium's virtual authenticator
// (AAGUID 01020304-0506-0708-0102-030405060708) and passes the name it listed here.
const MDS_NAME = process.env.E2E_MDS_NAME;
const STATE = process.env.E2E_STATE ?? '/tmp/webauthn-verify-e2e-state.json';
const run = Date.now().toString(36);

function assert(cond, message, extra) {
  if (!cond) throw new Error(`${message}${extra === undefined ? '' : ` — got ${JSON.stringify(extra)}`}`);
}
function ok(r, what) {
  assert(r && r.ok, `${what} should succeed`, r);
  return r.value;
}
function code(r, expected, what) {
  assert(r && !r.ok && r.code === expected, `${what} should fail with ${expected}`, r);
}

const demo = (p, method, ...args) => p.page.evaluate(([m, a]) => window.demo[m](...a), [method, args]);
const me = async (p) => (await demo(p, 'refresh')).value;
const setHooks = (p, create, get) =>
  p.page.evaluate(([c, g]) => {
    window.demoHooks.beforeCreate = c ? (o) => Object.assign(o, c) : null;
    window.demoHooks.beforeGet = g ? (o) => Object.assign(o, g) : null;
  }, [create, get]);
const pageMessage = (p) => p.page.evaluate(() => ({ code: document.getElementById('message').dataset.code, text: document.getElementById('message').textContent }));

/** Register with one authenticator kind and algorithm list, sign out, sign in twice: counters rise. */
function registerAndSignIn(name, kind, createPatch, expect) {
  return async (browser) => {
    const p = await openPage(browser, BASE);
    try {
      await p.addAuthenticator(kind);
      await setHooks(p, createPatch, null);
      const username = `${name}-${run}`;
      const reg = ok(await demo(p, 'register', username, name), 'registration');
      assert(reg.attestation.fmt === expect.fmt, `fmt ${expect.fmt}`, reg.attestation);
      assert(reg.credential.algorithm === expect.alg, `alg ${expect.alg}`, reg.credential.algorithm);
      const counter0 = reg.credential.counter;
      ok(await demo(p, 'logout'), 'logout');
      const a = ok(await demo(p, 'login', username), 'sign-in 1');
      const b = (ok(await demo(p, 'logout'), 'logout'), ok(await demo(p, 'login', username), 'sign-in 2'));
      assert(a.counter > counter0 && b.counter > a.counter, 'counter increases on every sign-in', [counter0, a.counter, b.counter]);
      const stored = await me(p);
      assert(stored.credentials[0].counter === b.counter, 'stored counter updated', stored.credentials[0]);
      assert(stored.credentials[0].lastUsedAt, 'lastUsedAt set');
      assert((await pageMessage(p)).text.includes('Signed in as'), 'page shows the signed-in message');
      return `${reg.attestation.fmt}/${reg.attestation.type} alg ${reg.credential.algorithm}, counters ${counter0}→${a.counter}→${b.counter}`;
    } finally {
      await p.close();
    }
  };
}

const scenarios = {
  'ctap2 packed ES256': registerAndSignIn('es256', 'ctap2Usb', { pubKeyCredParams: [{ type: 'public-key', alg: -7 }] }, { fmt: 'packed', alg: -7 }),
  'ctap2 packed RS256': registerAndSignIn('rs256', 'ctap2Usb', { pubKeyCredParams: [{ type: 'public-key', alg: -257 }] }, { fmt: 'packed', alg: -257 }),
  'ctap2 packed EdDSA (server default order)': registerAndSignIn('eddsa', 'ctap2Usb', null, { fmt: 'packed', alg: -8 }),
  'ctap2 none': registerAndSignIn('none', 'ctap2Usb', { attestation: 'none', pubKeyCredParams: [{ type: 'public-key', alg: -7 }] }, { fmt: 'none', alg: -7 }),
  'u2f fido-u2f': registerAndSignIn('u2f', 'u2f', null, { fmt: 'fido-u2f', alg: -7 }),

  'webauthn-verify/browser fallback (no parse*FromJSON, no toJSON): register and sign in': async (browser) => {
    const p = await openPage(browser, BASE);
    try {
      // The page imports /lib/browser.js (dist/browser.js, served by the demo) and nothing else.
      const lib = await fetch(new URL('/lib/browser.js', BASE));
      assert(lib.status === 200 && /javascript/.test(lib.headers.get('content-type')), 'the browser entry is served as a module', lib.status);
      // Take the L3 JSON helpers away: createCredential/getCredential must use their own encoding.
      const removed = await p.page.evaluate(() => {
        delete PublicKeyCredential.parseCreationOptionsFromJSON;
        delete PublicKeyCredential.parseRequestOptionsFromJSON;
        delete PublicKeyCredential.prototype.toJSON;
        return [typeof PublicKeyCredential.parseCreationOptionsFromJSON, typeof PublicKeyCredential.parseRequestOptionsFromJSON, typeof PublicKeyCredential.prototype.toJSON];
      });
      assert(removed.every((t) => t === 'undefined'), 'the built-in helpers are gone', removed);
      await p.addAuthenticator('ctap2Platform');
      const username = `fallback-${run}`;
      const reg = ok(await demo(p, 'register', username, ''), 'registration through the fallback');
      const sent = await p.page.evaluate(() => window.demo.last.response);
      assert(sent.response.publicKeyAlgorithm === reg.credential.algorithm && typeof sent.response.authenticatorData === 'string', 'the fallback sent every toJSON member', sent.response);
      ok(await demo(p, 'logout'), 'logout');
      const a = ok(await demo(p, 'login', username), 'sign-in through the fallback');
      ok(await demo(p, 'logout'), 'logout');
      const b = ok(await demo(p, 'loginDiscoverable'), 'username-less sign-in through the fallback');
      assert(b.user.name === username && b.counter > a.counter, 'userHandle and counter through the fallback', [a, b]);
      return `registered and signed in twice without the browser's JSON helpers (${reg.attestation.fmt})`;
    } finally {
      await p.close();
    }
  },

  'second device, list and remove passkeys': async (browser) => {
    const p = await openPage(browser, BASE);
    try {
      const first = await p.addAuthenticator('ctap2Usb');
      const username = `two-${run}`;
      const reg1 = ok(await demo(p, 'register', username, ''), 'registration on device 1');
      // excludeCredentials: the same authenticator cannot be registered twice for one account.
      const again = await demo(p, 'addPasskey');
      code(again, 'ERR_BROWSER_INVALID_STATE', 'registering device 1 again');
      assert(again.details?.name === 'InvalidStateError', 'the browser\'s DOMException name is kept', again.details);
      assert((await pageMessage(p)).text.endsWith('(InvalidStateError)'), 'page shows the code and the browser\'s name');
      await p.removeAuthenticator(first);
      await p.addAuthenticator('ctap2Usb');
      const reg2 = ok(await demo(p, 'addPasskey'), 'registration on device 2');
      let state = await me(p);
      assert(state.credentials.length === 2, 'two passkeys listed', state.credentials.length);
      ok(await demo(p, 'logout'), 'logout');
      const signIn = ok(await demo(p, 'login', username), 'sign-in with device 2');
      assert(signIn.credentialId === reg2.credential.id, 'device 2 was used', signIn.credentialId);
      ok(await demo(p, 'remove', reg1.credential.id), 'remove device 1 passkey');
      state = await me(p);
      assert(state.credentials.length === 1 && state.credentials[0].id === reg2.credential.id, 'one passkey left', state.credentials);
      code(await demo(p, 'remove', reg2.credential.id), 'DEMO_LAST_CREDENTIAL', 'removing the last passkey');
      assert((await pageMessage(p)).code === 'DEMO_LAST_CREDENTIAL', 'page shows the error code');
      return '2 devices, removed 1, last one protected';
    } finally {
      await p.close();
    }
  },

  'discoverable (username-less) sign-in': async (browser) => {
    const p = await openPage(browser, BASE);
    try {
      const auth = await p.addAuthenticator('ctap2Platform');
      const username = `rk-${run}`;
      const reg = ok(await demo(p, 'register', username, 'Resident'), 'registration');
      const creds = await p.credentials(auth);
      assert(creds.length === 1 && creds[0].isResidentCredential, 'a resident credential was created', creds);
      ok(await demo(p, 'logout'), 'logout');
      const signIn = ok(await demo(p, 'loginDiscoverable'), 'username-less sign-in');
      assert(signIn.user.name === username, 'userHandle mapped to the account', signIn.user);
      assert(signIn.userVerified === true, 'UV reported', signIn);
      assert(signIn.credentialId === reg.credential.id, 'same credential');
      return `signed in as ${signIn.user.name} from userHandle`;
    } finally {
      await p.close();
    }
  },

  'replayed assertion refused': async (browser) => {
    const p = await openPage(browser, BASE);
    try {
      await p.addAuthenticator('ctap2Usb');
      const username = `replay-${run}`;
      ok(await demo(p, 'register', username, ''), 'registration');
      ok(await demo(p, 'logout'), 'logout');
      ok(await demo(p, 'login', username), 'sign-in');
      const captured = await p.page.evaluate(() => window.demo.last.response);
      // 1) straight replay: the challenge was consumed by the first use
      code(await demo(p, 'api', '/api/login/verify', captured), 'DEMO_NO_PENDING_CEREMONY', 'replay without a ceremony');
      // 2) replay into a fresh ceremony: the new challenge does not match the old clientData
      ok(await demo(p, 'api', '/api/login/options', { username }), 'new options');
      code(await demo(p, 'api', '/api/login/verify', captured), 'ERR_CLIENT_DATA_CHALLENGE_MISMATCH', 'replay into a new ceremony');
      // 3) a registration response cannot finish a sign-in ceremony
      ok(await demo(p, 'api', '/api/login/options', { username }), 'new options');
      code(await demo(p, 'api', '/api/register/verify', captured), 'DEMO_CEREMONY_KIND_MISMATCH', 'wrong ceremony kind');
      return 'consumed challenge, fresh challenge and wrong ceremony all refused';
    } finally {
      await p.close();
    }
  },

  'wrong origin refused': async (browser) => {
    // A second site on another port (same RP ID "localhost", different origin) runs the ceremony
    // with options fetched from the demo; the demo expects its own origin and must refuse.
    const other = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other</title>'));
    await new Promise((r) => other.listen(0, '127.0.0.1', r));
    const otherUrl = `http://localhost:${other.address().port}/`;
    const p = await openPage(browser, otherUrl, { waitForDemo: false });
    try {
      await p.addAuthenticator('ctap2Usb');
      const jar = { cookie: '' };
      const call = async (path, body) => {
        const res = await fetch(BASE + path, { method: 'POST', headers: { 'content-type': 'application/json', origin: BASE, cookie: jar.cookie }, body: JSON.stringify(body) });
        const setCookie = res.headers.get('set-cookie');
        if (setCookie) jar.cookie = setCookie.split(';')[0];
        return { status: res.status, body: await res.json() };
      };
      const options = await call('/api/register/options', { username: `origin-${run}` });
      assert(options.status === 200, 'options', options);
      const response = await p.page.evaluate(async (json) => {
        const cred = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) });
        return cred.toJSON();
      }, options.body);
      const verdict = await call('/api/register/verify', response);
      assert(verdict.status === 400 && verdict.body.error?.code === 'ERR_CLIENT_DATA_ORIGIN_MISMATCH', 'origin mismatch', verdict);
      // And the CSRF guard: a POST whose Origin header is another site is refused outright.
      const csrf = await fetch(BASE + '/api/login/options', { method: 'POST', headers: { 'content-type': 'application/json', origin: otherUrl.slice(0, -1) }, body: '{}' });
      assert(csrf.status === 403, 'cross-site POST refused', csrf.status);
      return `clientData.origin ${otherUrl.slice(0, -1)} refused`;
    } finally {
      await p.close();
      other.close();
    }
  },

  'unknown user and bad input shown with codes': async (browser) => {
    const p = await openPage(browser, BASE);
    try {
      await p.addAuthenticator('ctap2Usb');
      code(await demo(p, 'login', `nobody-${run}`), 'DEMO_UNKNOWN_USER', 'unknown user');
      assert((await pageMessage(p)).code === 'DEMO_UNKNOWN_USER', 'page shows the code');
      code(await demo(p, 'register', 'bad name!', ''), 'DEMO_USERNAME_INVALID', 'invalid username');
      ok(await demo(p, 'api', '/api/login/options', {}), 'options');
      code(await demo(p, 'api', '/api/login/verify', { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {} }), 'DEMO_UNKNOWN_CREDENTIAL', 'unknown credential');
      return 'codes reach the page';
    } finally {
      await p.close();
    }
  },

  'phone width (390 px): the passkey table stays inside its card; names, not numbers': async (browser) => {
    const p = await openPage(browser, BASE);
    try {
      await p.page.setViewportSize({ width: 390, height: 844 });
      await p.addAuthenticator('ctap2Usb');
      await setHooks(p, { pubKeyCredParams: [{ type: 'public-key', alg: -7 }] }, null);
      ok(await demo(p, 'register', `narrow-${run}`, 'A rather long display name for a phone'), 'registration');
      const layout = await p.page.evaluate(() => {
        const card = document.getElementById('signed-in');
        const row = document.querySelector('#passkeys tr');
        return {
          page: document.documentElement.scrollWidth,
          card: card.getBoundingClientRect().right,
          cardOverflow: card.scrollWidth - card.clientWidth,
          alg: row.querySelector('td:nth-child(3)').textContent,
          authenticator: row.querySelector('td.authenticator').textContent,
          removeButtons: document.querySelectorAll('#passkeys button').length,
        };
      });
      assert(layout.page <= 390 && layout.card <= 390 && layout.cardOverflow <= 0, 'nothing wider than the screen', layout);
      assert(layout.alg === 'ES256', 'algorithm shown by name', layout.alg);
      // The name from the BLOB, marked as the authenticator's own claim (docs/demo.md).
      if (MDS_NAME) assert(layout.authenticator === `${MDS_NAME} (reported by the authenticator)`, 'authenticator named from the BLOB', layout.authenticator);
      assert(layout.removeButtons === 0, 'no Remove button on the only passkey', layout);
      const icon = await fetch(new URL('/favicon.svg', BASE));
      assert(icon.status === 200, 'favicon served', icon.status);
      return `page ${layout.page} px, card right edge ${Math.round(layout.card)} px, authenticator "${layout.authenticator}"`;
    } finally {
      await p.close();
    }
  },

  'persist a user for the restart check': async (browser) => {
    const p = await openPage(browser, BASE);
    try {
      const auth = await p.addAuthenticator('ctap2Usb');
      const username = `restart-${run}`;
      const reg = ok(await demo(p, 'register', username, ''), 'registration');
      const [cred] = await p.credentials(auth);
      writeFileSync(STATE, JSON.stringify({ username, credentialId: reg.credential.id, counter: reg.credential.counter, cdpCredential: cred }));
      return `saved ${username}`;
    } finally {
      await p.close();
    }
  },

  'browser smoke: ESM build verifies a fixture assertion in Chromium': (browser) => browserSmoke(browser),
};

const afterRestart = {
  'store survived a restart: the saved user signs in': async (browser) => {
    const saved = JSON.parse(readFileSync(STATE, 'utf8'));
    const p = await openPage(browser, BASE);
    try {
      const auth = await p.addAuthenticator('ctap2Usb');
      // Put the same private key back into a fresh virtual authenticator: the "same device".
      await p.cdp.send('WebAuthn.addCredential', { authenticatorId: auth, credential: saved.cdpCredential });
      const signIn = ok(await demo(p, 'login', saved.username), 'sign-in after restart');
      assert(signIn.credentialId === saved.credentialId && signIn.counter > saved.counter, 'same credential, counter moved on', signIn);
      return `${saved.username} signed in, counter ${saved.counter}→${signIn.counter}`;
    } finally {
      await p.close();
    }
  },
};

const selected = phase === 'after-restart' ? afterRestart : scenarios;
const browser = await launch();
const browserVersion = browser.version();
let passed = 0;
let failed = 0;
const t0 = Date.now();
try {
  for (const [name, fn] of Object.entries(selected)) {
    const t = Date.now();
    try {
      const note = await fn(browser);
      passed++;
      console.log(`  ok   ${name} (${Date.now() - t} ms)${note ? ` — ${note}` : ''}`);
    } catch (e) {
      failed++;
      console.log(`  FAIL ${name} (${Date.now() - t} ms): ${e?.stack ?? e}`);
    }
  }
} finally {
  await browser.close();
}
console.log(`e2e ${phase}: ${passed} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(1)} s, chromium ${browserVersion})`);
process.exit(failed === 0 ? 0 : 1);
