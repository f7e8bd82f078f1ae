/**
 * Issue 11 finding 10: is CTAP2 canonical key order (CTAP 2.2 §8; WebAuthn L3 §6.5.1 for the
 * credential public key) something real authenticators follow? Every real and reference vector in
 * fixtures/webauthn and fixtures/chromium (copies of ../shared/vectors) is run through the strict mode, per structure, and the decision in docs/cbor.md is
 * pinned: the WebAuthn parsers decode the credential public key (authData and decodeCOSEKey) and the
 * authenticator extension outputs strictly (every real one is sorted), the attestationObject
 * leniently (three real attStmt maps are not sorted). The unsorted-key attacks are in
 * test/attacks/cbor-unsorted-keys.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseAttestationObject } from '../../src/parse/attestation-object.js';
import { parseAuthenticatorData } from '../../src/parse/authenticator-data.js';
import { DEFAULT_CBOR_LIMITS, decodeCbor, decodeCborPrefix } from '../../src/cbor/decode.js';
import { decodeCOSEKey } from '../../src/cose/key.js';
import { WebAuthnError } from '../../src/errors.js';
import { loadWebAuthnVectors, readFixtureJson } from '../helpers/fixtures.js';

const b64u = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));
/** The vectors whose authenticatorData carries extension outputs (ED). */
const EXTENSION_CASES = [
  'chromium:ctap2-internal-credblob-ext',
  'chromium:ctap2-internal-hmacsecret-prf-ext',
  'py-none-ml-dsa-44-reg',
  'py-none-ml-dsa-65-reg',
  'py-none-ml-dsa-87-reg',
  'swa-es256-devicepubkey-wrong-key-auth',
  'swa-none-devicepubkey-android-reg',
];
const STRICT = { requireSortedKeys: true, maxDepth: 8 };

interface Sources {
  attestationObjects: { id: string; bytes: Uint8Array }[];
  assertionAuthData: { id: string; bytes: Uint8Array }[];
  storedKeys: { id: string; bytes: Uint8Array }[];
}

function collect(): Sources {
  const out: Sources = { attestationObjects: [], assertionAuthData: [], storedKeys: [] };
  for (const c of loadWebAuthnVectors()) {
    const r = c.response?.response ?? {};
    if (typeof r.attestationObject === 'string') out.attestationObjects.push({ id: c.id, bytes: b64u(r.attestationObject) });
    if (typeof r.authenticatorData === 'string') out.assertionAuthData.push({ id: c.id, bytes: b64u(r.authenticatorData) });
    if (typeof c.credential?.publicKey === 'string') out.storedKeys.push({ id: c.id, bytes: b64u(c.credential.publicKey) });
  }
  type Cred = { response?: { attestationObject?: string; authenticatorData?: string } };
  const chromium = readFixtureJson<{ samples: { scenario: string; registration?: { credential?: Cred }; authentication?: { credential?: Cred } }[] }>(
    'chromium',
    'virtual-authenticator-samples.json',
  );
  for (const s of chromium.samples) {
    const ao = s.registration?.credential?.response?.attestationObject;
    if (ao) out.attestationObjects.push({ id: `chromium:${s.scenario}`, bytes: b64u(ao) });
    const ad = s.authentication?.credential?.response?.authenticatorData;
    if (ad) out.assertionAuthData.push({ id: `chromium:${s.scenario}`, bytes: b64u(ad) });
  }
  return out;
}

function codeOfSync(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof WebAuthnError ? e.code : `not a WebAuthnError: ${String(e)}`;
  }
}

/** The COSE key and extensions map of one authenticatorData, each decoded in the strict mode. */
function strictAuthDataParts(authData: Uint8Array): { coseKey?: string; extensions?: string } {
  const flags = authData[32]!;
  let offset = 37;
  const parts: { coseKey?: string; extensions?: string } = {};
  if (flags & 0x40) {
    offset = 55 + ((authData[53]! << 8) | authData[54]!);
    const at = offset;
    parts.coseKey = codeOfSync(() => (offset = decodeCborPrefix(authData, at, STRICT).end));
  }
  if (flags & 0x80) parts.extensions = codeOfSync(() => decodeCborPrefix(authData, offset, STRICT));
  return parts;
}

describe('CTAP2 canonical key order in every real vector (finding 10)', () => {
  const src = collect();
  const registrationAuthData = src.attestationObjects.map(({ id, bytes }) => ({
    id,
    bytes: (decodeCbor(bytes, { maxDepth: 8, requireSortedKeys: false }) as Map<string, unknown>).get('authData') as Uint8Array,
  }));

  it('covers the corpus (a shrinking corpus would weaken the evidence)', () => {
    // The numbers in docs/cbor.md; a changed corpus must update them there too.
    expect(src.attestationObjects.length).toBe(61);
    expect(src.assertionAuthData.length).toBe(30);
    expect(src.storedKeys.length).toBe(20);
  });

  it('every credential public key in authData is sorted (L3 §6.5.1: CTAP2 canonical)', () => {
    const keys = registrationAuthData.map(({ id, bytes }) => ({ id, code: strictAuthDataParts(bytes).coseKey })).filter((k) => k.code);
    expect(keys.length).toBe(61);
    expect(keys.filter((k) => k.code !== 'ok')).toEqual([]);
  });

  it('every stored credential public key is sorted', () => {
    expect(src.storedKeys.map(({ id, bytes }) => ({ id, code: codeOfSync(() => decodeCbor(bytes, STRICT)) })).filter((k) => k.code !== 'ok')).toEqual([]);
  });

  it('every authenticator extensions map (registration and assertion) is sorted', () => {
    const all = [...registrationAuthData, ...src.assertionAuthData];
    const ext = all.map(({ id, bytes }) => ({ id, code: strictAuthDataParts(bytes).extensions })).filter((e) => e.code);
    expect(ext.map((e) => e.id).sort()).toEqual(EXTENSION_CASES);
    expect(ext.filter((e) => e.code !== 'ok')).toEqual([]);
  });

  it('exactly three attestationObjects are unsorted, all in attStmt (real SimpleWebAuthn captures)', () => {
    const unsorted = src.attestationObjects.filter(({ bytes }) => codeOfSync(() => decodeCbor(bytes, STRICT)) !== 'ok').map((o) => o.id);
    expect(unsorted.sort()).toEqual(['swa-packed-aaguid-ext-match-reg', 'swa-packed-aaguid-ext-mismatch-reg', 'swa-tpm-aaguid-ext-match-reg']);
  });
});

describe('the decision, pinned (docs/cbor.md "Key order")', () => {
  const src = collect();

  it('the generic decoder default stays lenient (the attestationObject needs it)', () => {
    expect(DEFAULT_CBOR_LIMITS.requireSortedKeys).toBe(false);
  });

  it('the default parsers accept every vector: attestationObject lenient, COSE key and extensions strict', () => {
    for (const { id, bytes } of src.attestationObjects) {
      const authData = codeOfSync(() => parseAuthenticatorData(parseAttestationObject(bytes).authData));
      expect({ id, authData }).toEqual({ id, authData: 'ok' });
    }
    for (const { id, bytes } of src.assertionAuthData) expect({ id, code: codeOfSync(() => parseAuthenticatorData(bytes)) }).toEqual({ id, code: 'ok' });
    for (const { id, bytes } of src.storedKeys) expect({ id, code: codeOfSync(() => decodeCOSEKey(bytes)) }).toEqual({ id, code: 'ok' });
  });
});
