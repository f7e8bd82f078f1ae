// Browser smoke: the published ESM build (dist/assertion.js), bundled the way a browser app would
// bundle it, runs inside headless Chromium and verifies W3C fixture assertions with the browser's
// own WebCrypto; a one-bit signature flip and a wrong challenge are refused with their codes.
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VECTORS = new URL('../../fixtures/webauthn/', import.meta.url);
const CASES = ['w3c-packed-es256-auth', 'w3c-packed-rs256-auth', 'w3c-packed-eddsa-auth'];

function flipLastByte(b64u) {
  const bytes = Buffer.from(b64u, 'base64url');
  bytes[bytes.length - 1] ^= 0x01;
  return bytes.toString('base64url');
}

export async function browserSmoke(browser) {
  const dist = `${ROOT}/dist/assertion.js`;
  if (!existsSync(dist)) throw new Error('dist/assertion.js missing: run npm run build');
  const bundle = await build({ entryPoints: [dist], bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
  const code = bundle.outputFiles[0].text;
  const cases = CASES.map((id) => JSON.parse(readFileSync(new URL(`${id}.json`, VECTORS), 'utf8')));

  const server = http.createServer((req, res) => {
    if (req.url === '/lib.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>smoke</title>');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://localhost:${server.address().port}/`);
    const results = await page.evaluate(async (input) => {
      const lib = await import('/lib.js');
      const b64uToBytes = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0));
      const out = [];
      for (const { v, tamperedSignature } of input) {
        const options = (response, challenge) => ({
          response,
          expectedChallenge: challenge,
          expectedOrigin: v.expected.origin,
          expectedRPID: v.expected.rpId,
          requireUserVerification: false,
          credential: { id: v.credential.id, publicKey: b64uToBytes(v.credential.publicKey), counter: v.credential.counter },
        });
        const attempt = async (o) => {
          try {
            const r = await o;
            return { ok: true, userVerified: r.userVerified, newCounter: r.newCounter };
          } catch (e) {
            return { ok: false, code: e.code ?? String(e) };
          }
        };
        const tampered = { ...v.response, response: { ...v.response.response, signature: tamperedSignature } };
        out.push({
          id: v.id,
          valid: await attempt(lib.verifyAssertion(options(v.response, v.expected.challenge))),
          flipped: await attempt(lib.verifyAssertion(options(tampered, v.expected.challenge))),
          wrongChallenge: await attempt(lib.verifyAssertion(options(v.response, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'))),
        });
      }
      return { ua: navigator.userAgent, out };
    }, cases.map((v) => ({ v, tamperedSignature: flipLastByte(v.response.response.signature) })));
    const problems = [];
    for (const r of results.out) {
      if (!r.valid.ok) problems.push(`${r.id}: valid assertion refused (${r.valid.code})`);
      if (r.flipped.ok || r.flipped.code !== 'ERR_SIGNATURE_INVALID') problems.push(`${r.id}: flipped signature gave ${JSON.stringify(r.flipped)}`);
      if (r.wrongChallenge.ok || r.wrongChallenge.code !== 'ERR_CLIENT_DATA_CHALLENGE_MISMATCH') problems.push(`${r.id}: wrong challenge gave ${JSON.stringify(r.wrongChallenge)}`);
    }
    if (problems.length) throw new Error(problems.join('; '));
    return `${results.out.length} fixtures verified, tampered ones refused (bundle ${(code.length / 1024).toFixed(0)} KiB)`;
  } finally {
    await context.close();
    server.close();
  }
}
