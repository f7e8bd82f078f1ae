// webauthn-verify/browser in headless Chromium with a CDP virtual authenticator: the built entry
// (dist/browser.js, bundled as an app would) registers and signs in; Node verifies both responses
// with verifyRegistration / verifyAssertion. Run twice: with Chromium's standard JSON methods, and
// with parseCreationOptionsFromJSON / parseRequestOptionsFromJSON / toJSON deleted before the page
// loads, so the fallback encoding does the work. Both runs must produce JSON of the same shape; a
// second registration of the same authenticator (excludeCredentials) must be ERR_BROWSER_INVALID_STATE.
// Prints the min+gzip size of the bundled entry. Usage: node test/e2e/browser-entry.mjs (after a build).
import http from 'node:http';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launch, openPage } from './browser.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const lib = await import(`${ROOT}/dist/index.js`);

const DELETE_STANDARD = `delete PublicKeyCredential.parseCreationOptionsFromJSON;
  delete PublicKeyCredential.parseRequestOptionsFromJSON;
  delete PublicKeyCredential.prototype.toJSON;`;

async function bundle(minify) {
  const out = await build({ entryPoints: [`${ROOT}/dist/browser.js`], bundle: true, format: 'esm', platform: 'browser', minify, write: false, logLevel: 'silent' });
  return out.outputFiles[0].text;
}

/** The member paths of a JSON value (what "the same shape" compares). */
function shape(value, prefix = '') {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${prefix}:${Array.isArray(value) ? 'array' : typeof value}`];
  return Object.keys(value).sort().flatMap((k) => shape(value[k], prefix ? `${prefix}.${k}` : k));
}

/** One registration + sign-in (+ excluded re-registration) in a fresh context; returns both JSONs. */
async function ceremonies(browser, baseUrl, standard) {
  const p = await openPage(browser, `${baseUrl}/`, { waitForDemo: false });
  try {
    if (!standard) await p.page.addInitScript(DELETE_STANDARD);
    await p.page.reload();
    await p.addAuthenticator('ctap2Platform');
    const present = await p.page.evaluate(() => typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function' && typeof PublicKeyCredential.prototype.toJSON === 'function');
    if (present !== standard) throw new Error(`standard JSON methods ${present ? 'present' : 'absent'} in the ${standard ? 'standard' : 'fallback'} run`);
    const origin = baseUrl;
    const regOptions = lib.generateRegistrationOptions({ rpName: 'Entry', rpID: 'localhost', userName: 'entry', authenticatorSelection: { residentKey: 'required', userVerification: 'required' }, extensions: { credProps: true } });
    const registration = await p.page.evaluate(async (o) => (await import('/lib.js')).createCredential(o), regOptions);
    const reg = await lib.verifyRegistration({ response: registration, expectedChallenge: regOptions.challenge, expectedOrigin: origin, expectedRPID: 'localhost' });
    const authOptions = lib.generateAuthenticationOptions({ rpID: 'localhost', allowCredentials: [{ id: reg.credential.id }] });
    const authentication = await p.page.evaluate(async (o) => (await import('/lib.js')).getCredential(o), authOptions);
    const credential = { id: reg.credential.id, publicKey: reg.credential.publicKey, counter: reg.credential.counter };
    await lib.verifyAssertion({ response: authentication, expectedChallenge: authOptions.challenge, expectedOrigin: origin, expectedRPID: 'localhost', credential });
    const again = lib.generateRegistrationOptions({ rpName: 'Entry', rpID: 'localhost', userName: 'entry', excludeCredentials: [{ id: reg.credential.id }] });
    const excluded = await p.page.evaluate(async (o) => (await import('/lib.js')).createCredential(o).then(() => 'created', (e) => e.code), again);
    if (excluded !== 'ERR_BROWSER_INVALID_STATE') throw new Error(`excluded re-registration gave ${excluded}`);
    if (p.consoleErrors.length) throw new Error(`page errors: ${p.consoleErrors.join('; ')}`);
    return { registration, authentication };
  } finally {
    await p.close();
  }
}

export async function browserEntry(browser) {
  if (!existsSync(`${ROOT}/dist/browser.js`)) throw new Error('dist/browser.js missing: run npm run build');
  const code = await bundle(false);
  const server = http.createServer((req, res) => {
    if (req.url === '/lib.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>browser entry</title>');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const baseUrl = `http://localhost:${server.address().port}`;
    const standard = await ceremonies(browser, baseUrl, true);
    const fallback = await ceremonies(browser, baseUrl, false);
    for (const kind of ['registration', 'authentication']) {
      const a = shape(standard[kind]).join('\n');
      const b = shape(fallback[kind]).join('\n');
      if (a !== b) throw new Error(`${kind} JSON differs between standard and fallback:\nstandard:\n${a}\nfallback:\n${b}`);
    }
    const minGzip = gzipSync(await bundle(true), { level: 9 }).length;
    return `standard and fallback paths registered, signed in and were verified; same JSON shape (${shape(standard.registration).length} registration members); excluded authenticator refused; bundle ${(minGzip / 1024).toFixed(2)} KiB min+gzip`;
  } finally {
    server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const browser = await launch();
  try {
    console.log(`browser-entry: ok — ${await browserEntry(browser)}`);
  } catch (e) {
    console.log(`browser-entry: FAIL — ${e.stack ?? e}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}
