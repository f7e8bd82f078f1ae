#!/usr/bin/env node
/**
 * Writes fixtures/software-authenticator.json: WebAuthn responses made by our software authenticator
 * (`webauthn-verify/testing`), in exactly the case format of fixtures/webauthn/README.md.
 *
 *   npm run build && node scripts/generate-fixtures.mjs [outFile]
 *   node scripts/fixtures-table.mjs --rehash-generated --write   # its sha256 in fixtures/MANIFEST.json
 *
 * Deterministic: the testing API runs under a WebCrypto seeded with FIXTURE_SEED
 * (scripts/seeded-webcrypto.mjs), so every run writes the same bytes. `buildFixtureDocument(api)`
 * is exported so test/vectors/fixtures-generated.test.ts can regenerate the file from src/ and compare.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withSeededWebCrypto } from './seeded-webcrypto.mjs';

/** Every random byte, EC/Ed25519 key and ECDSA signature of the fixture derives from this seed. */
export const FIXTURE_SEED = 'webauthn-verify/fixtures/software-authenticator/v1';
export const REGENERATE = 'npm run build && node scripts/generate-fixtures.mjs && node scripts/fixtures-table.mjs --rehash-generated --write';

/** Verification time for every case; the generated certificates are valid 2029-12-31..2030-12-31 around it. */
export const FIXTURE_NOW = '2030-01-01T00:00:00.000Z';

const RP_ID = 'example.com';
const ORIGIN = 'https://example.com';
const ALGS = { ES256: -7, RS256: -257, EdDSA: -8 };
const TEST_AAGUID = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);

const b64u = (bytes) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const uuid = (b) => {
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const toPem = (der) => `-----BEGIN CERTIFICATE-----\n${btoa(String.fromCharCode(...der)).replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
const randomChallenge = () => b64u(crypto.getRandomValues(new Uint8Array(32)));
const SOURCE = 'webauthn-verify scripts/generate-fixtures.mjs (software authenticator)';

/**
 * Builds the cases with the given testing API (the built `dist/testing.js` or `src/testing/index.ts`).
 * The API must provide createTestCredential, createRegistrationResponse, createAssertionResponse and
 * createAttestationChain.
 */
export async function generateFixtureCases(api) {
  const cases = [];
  const expected = (challenge, requireUserVerification = false) => ({
    challenge, origin: ORIGIN, rpId: RP_ID, requireUserVerification, now: FIXTURE_NOW,
  });
  const ok = (fields) => ({ verified: true, ...fields });
  // createAttestationChain makes certificates valid from now − 1 day to now + 1 year around its `now`;
  // anchoring them at FIXTURE_NOW keeps the fixtures verifiable for ever (expected.now is fixed too).
  const chainFor = (aaguid) =>
    api.createAttestationChain({ leafKeyAlg: 'ES256', now: new Date(FIXTURE_NOW), ...(aaguid ? { aaguid } : {}) });

  /** Registration + paired assertion, both positive. */
  async function pair(name, alg, fmt, attestation) {
    const aaguid = fmt === 'none' ? new Uint8Array(16) : TEST_AAGUID;
    const credential = await api.createTestCredential({ alg, aaguid: fmt === 'fido-u2f' ? new Uint8Array(16) : aaguid });
    const challenge = randomChallenge();
    let x5c;
    let trustAnchors;
    if (attestation === 'x5c') {
      const chain = await chainFor(aaguid);
      x5c = { certificates: chain.x5c, privateKey: chain.leaf.privateKey };
      trustAnchors = [...chain.anchorsPem];
    } else if (fmt === 'fido-u2f') {
      // §8.6: x5c is the attestation certificate alone, so the intermediate that issued it is the anchor.
      const chain = await chainFor(undefined);
      x5c = { certificates: [chain.leaf.der], privateKey: chain.leaf.privateKey };
      trustAnchors = [toPem(chain.intermediate.der)];
    }
    const response = await api.createRegistrationResponse({
      credential, challenge, origin: ORIGIN, rpId: RP_ID, fmt, attestation, x5c, transports: ['usb'],
    });
    const attestationType = fmt === 'none' ? 'none' : fmt === 'packed' && attestation !== 'x5c' ? 'self' : undefined;
    const reg = {
      id: `${name}-reg`, source: SOURCE, ceremony: 'registration', response, expected: expected(challenge),
      ...(trustAnchors ? { trustAnchors } : {}),
      result: ok({
        fmt, ...(attestationType ? { attestationType } : {}), alg, aaguid: uuid(fmt === 'fido-u2f' ? new Uint8Array(16) : credential.aaguid),
        counter: 0, userVerified: true, backupEligible: false, backedUp: false,
      }),
    };
    cases.push(reg);
    const storedCounter = credential.signCount;
    const authChallenge = randomChallenge();
    const assertion = await api.createAssertionResponse({ credential, challenge: authChallenge, origin: ORIGIN, rpId: RP_ID });
    cases.push({
      id: `${name}-auth`, source: SOURCE, ceremony: 'authentication', response: assertion, expected: expected(authChallenge),
      credential: { id: b64u(credential.id), publicKey: b64u(credential.publicKey), counter: storedCounter },
      result: ok({ counter: credential.signCount, userVerified: true, backupEligible: false, backedUp: false }),
    });
    return credential;
  }

  for (const [label, alg] of Object.entries(ALGS)) {
    const l = label.toLowerCase();
    await pair(`swauth-none-${l}`, alg, 'none');
    await pair(`swauth-packed-self-${l}`, alg, 'packed', 'self');
    await pair(`swauth-packed-x5c-${l}`, alg, 'packed', 'x5c');
  }
  await pair('swauth-fido-u2f-es256', -7, 'fido-u2f');

  // Negatives: each differs from a valid response in exactly one way.
  const negCred = await api.createTestCredential({ alg: -7 });
  const stored = { id: b64u(negCred.id), publicKey: b64u(negCred.publicKey) };
  const issued = randomChallenge();
  const fail = (why) => ({ verified: false, why });

  cases.push({
    id: 'swauth-none-es256-wrong-challenge-reg', source: SOURCE, ceremony: 'registration',
    response: await api.createRegistrationResponse({ credential: negCred, challenge: randomChallenge(), origin: ORIGIN, rpId: RP_ID }),
    expected: expected(issued), result: fail('challenge mismatch'),
  });
  cases.push({
    id: 'swauth-packed-self-es256-bad-signature-reg', source: SOURCE, ceremony: 'registration',
    response: await api.createRegistrationResponse({ credential: negCred, challenge: issued, origin: ORIGIN, rpId: RP_ID, fmt: 'packed', faults: { corruptSignature: true } }),
    expected: expected(issued), result: fail('bad attestation signature'),
  });
  cases.push({
    id: 'swauth-none-es256-uv-required-reg', source: SOURCE, ceremony: 'registration',
    response: await api.createRegistrationResponse({ credential: negCred, challenge: issued, origin: ORIGIN, rpId: RP_ID, flags: { uv: false } }),
    expected: expected(issued, true), result: fail('user verification required but UV flag not set'),
  });
  cases.push({
    id: 'swauth-none-es256-wrong-rpid-reg', source: SOURCE, ceremony: 'registration',
    response: await api.createRegistrationResponse({ credential: negCred, challenge: issued, origin: ORIGIN, rpId: 'evil.example' }),
    expected: expected(issued), result: fail('rpIdHash does not match expected RP ID'),
  });
  cases.push({
    id: 'swauth-es256-bad-signature-auth', source: SOURCE, ceremony: 'authentication',
    response: await api.createAssertionResponse({ credential: negCred, challenge: issued, origin: ORIGIN, rpId: RP_ID, signCount: 5, faults: { corruptSignature: true } }),
    expected: expected(issued), credential: { ...stored, counter: 0 }, result: fail('bad signature'),
  });
  cases.push({
    id: 'swauth-es256-counter-regression-auth', source: SOURCE, ceremony: 'authentication',
    response: await api.createAssertionResponse({ credential: negCred, challenge: issued, origin: ORIGIN, rpId: RP_ID, signCount: 4 }),
    expected: expected(issued), credential: { ...stored, counter: 5 }, result: fail('counter regression'),
  });
  cases.push({
    id: 'swauth-es256-uv-required-auth', source: SOURCE, ceremony: 'authentication',
    response: await api.createAssertionResponse({ credential: negCred, challenge: issued, origin: ORIGIN, rpId: RP_ID, signCount: 6, flags: { uv: false } }),
    expected: expected(issued, true), credential: { ...stored, counter: 5 }, result: fail('user verification required but UV flag not set'),
  });
  cases.push({
    id: 'swauth-es256-wrong-challenge-auth', source: SOURCE, ceremony: 'authentication',
    response: await api.createAssertionResponse({ credential: negCred, challenge: randomChallenge(), origin: ORIGIN, rpId: RP_ID, signCount: 7 }),
    expected: expected(issued), credential: { ...stored, counter: 5 }, result: fail('challenge mismatch'),
  });
  return cases;
}

/** The whole fixture file (header + cases), generated with `api` under the seeded WebCrypto. */
export async function buildFixtureDocument(api) {
  const cases = await withSeededWebCrypto(FIXTURE_SEED, () => generateFixtureCases(api));
  return {
    source: 'webauthn-verify software authenticator',
    generatedBy: 'scripts/generate-fixtures.mjs',
    seed: FIXTURE_SEED,
    regenerate: REGENERATE,
    determinism:
      'Random bytes come from a SHA-256 counter stream over the seed; EC and Ed25519 keys are derived from it; RSA keys are ' +
      'fixed test keys in scripts/seeded-webcrypto.mjs; ECDSA signatures are deterministic (RFC 6979, @noble/curves). ' +
      'test/vectors/fixtures-generated.test.ts regenerates this file from src/testing and compares it byte for byte.',
    description:
      'Registrations (none, packed self, packed x5c with ES256/RS256/EdDSA credentials; fido-u2f ES256), their assertions, ' +
      `and negatives (wrong challenge, bad signature, counter regression, UV required but absent, wrong RP ID). ` +
      `Every case sets expected.now = ${FIXTURE_NOW}; the certificates are valid from one day before to one year after it. ` +
      'Case format: fixtures/webauthn/README.md.',
    cases,
  };
}

/** The file's exact text. */
export function fixtureText(doc) {
  return JSON.stringify(doc, null, 2) + '\n';
}

export async function main(outFile) {
  const api = await import('../dist/testing.js');
  const doc = await buildFixtureDocument(api);
  const cases = doc.cases;
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, fixtureText(doc));
  console.log(`wrote ${cases.length} cases to ${outFile}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  await main(process.argv[2] ?? path.join(root, 'fixtures', 'software-authenticator.json'));
}
