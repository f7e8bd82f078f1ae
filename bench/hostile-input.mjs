// Hostile-input timing: how long the built library takes to REJECT 1 MB inputs in every response
// member and parser (test/unit/ceremony/limits.test.ts asserts the codes; timing lives here, never in unit
// tests). Prints one line per input: code, median and max microseconds over N runs.
//
//   npm run build && node bench/hostile-input.mjs [runs=50]
//
// The claim in docs/security.md is "no input of up to 1 MB takes more than a few milliseconds to
// reject"; the last line says whether this run agrees (it exits 1 when a median exceeds 5 ms).
import { loadOurs, b64u, median } from './lib.mjs';

const RUNS = Number(process.argv[2] ?? 50);
const MB = 1024 * 1024;
const LIMIT_MS = 5;

const { index, testing } = await loadOurs();
const { verifyAssertion, verifyRegistration, parseClientDataJSON, parseAuthenticatorData, parseAttestationObject, decodeCbor, decodeCOSEKey, parseCertificate } = index;

const credential = await testing.createTestCredential({ alg: -7 });
const challenge = b64u(crypto.getRandomValues(new Uint8Array(32)));
const origin = 'https://example.com';
const rpId = 'example.com';
const assertion = await testing.createAssertionResponse({ credential, challenge, origin, rpId });
const registration = await testing.createRegistrationResponse({ credential, challenge, origin, rpId, fmt: 'packed' });
const stored = { id: b64u(credential.id), publicKey: credential.publicKey, counter: 0 };
const common = { expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: rpId };

const bigText = 'A'.repeat(MB);
const zeros = new Uint8Array(MB);
const nested = new Uint8Array(MB).fill(0x81);
const wide = new Uint8Array(MB);
wide.set([0x9a, 0x00, 0x0f, 0xff, 0xfb]);
const jsonKeys = new TextEncoder().encode(`{${'"a":1,'.repeat(MB / 6)}"b":2}`);

const withMember = (r, member, value) => ({ ...r, response: { ...r.response, [member]: value } });

/** [name, fn] — fn must reject/throw a WebAuthnError. */
const inputs = [
  ...['clientDataJSON', 'authenticatorData', 'signature', 'userHandle'].map((m) => [
    `verifyAssertion response.${m} = 1 MB`,
    () => verifyAssertion({ ...common, credential: stored, response: withMember(assertion, m, bigText) }),
  ]),
  ['verifyAssertion id/rawId = 1 MB', () => verifyAssertion({ ...common, credential: stored, response: { ...assertion, id: bigText, rawId: bigText } })],
  ...['clientDataJSON', 'attestationObject'].map((m) => [
    `verifyRegistration response.${m} = 1 MB`,
    () => verifyRegistration({ ...common, response: withMember(registration, m, bigText) }),
  ]),
  ['parseClientDataJSON(1 MB zeros)', () => parseClientDataJSON(zeros)],
  ['parseClientDataJSON(1 MB of keys)', () => parseClientDataJSON(jsonKeys)],
  ['parseAuthenticatorData(1 MB)', () => parseAuthenticatorData(zeros)],
  ['decodeCbor(1 MB nested arrays)', () => decodeCbor(nested)],
  ['decodeCbor(1 MB wide array)', () => decodeCbor(wide)],
  ['parseAttestationObject(1 MB nested)', () => parseAttestationObject(nested)],
  ['decodeCOSEKey(1 MB nested)', () => decodeCOSEKey(nested)],
  ['parseCertificate(1 MB)', () => parseCertificate(zeros)],
];

let worst = 0;
console.log(`hostile input, ${RUNS} runs each (median / max µs, code)`);
for (const [name, fn] of inputs) {
  const times = [];
  let code = 'none';
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    try {
      await fn();
    } catch (e) {
      code = e?.code ?? `NOT A WebAuthnError: ${e}`;
    }
    times.push(performance.now() - t0);
  }
  const med = median(times);
  worst = Math.max(worst, med);
  console.log(`${name.padEnd(48)} ${(med * 1000).toFixed(0).padStart(7)} / ${(Math.max(...times) * 1000).toFixed(0).padStart(7)} µs  ${code}`);
  if (code === 'none' || !String(code).startsWith('ERR_')) process.exitCode = 1;
}
const ok = worst <= LIMIT_MS;
console.log(`worst median ${worst.toFixed(2)} ms: ${ok ? 'OK' : 'OVER'} (limit ${LIMIT_MS} ms)`);
if (!ok) process.exitCode = 1;
