import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../../helpers/codes.js';
import { encodeBase64url } from '../../../src/encoding/base64url.js';
import { verifyRegistration, type VerifyRegistrationOptions } from '../../../src/ceremony/registration.js';
import { toPem } from '../../../src/x509/pem.js';
import {
  createAttestationChain,
  createRegistrationResponse,
  createTestCredential,
  type CreateRegistrationResponseOptions,
  type TestAttestationChain,
  type TestCredential,
} from '../../../src/testing/index.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x5a));

function baseOptions(response: unknown): VerifyRegistrationOptions {
  return { response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP };
}

describe.each([
  ['ES256', -7],
  ['RS256', -257],
  ['EdDSA', -8],
])('verifyRegistration with a %s credential', (_name, alg) => {
  it.each(['none', 'packed'] as const)('registers fmt %s and returns what to store', async (fmt) => {
    const credential = await createTestCredential({ alg, signCount: 0 });
    const response = await createRegistrationResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt, transports: ['usb'] });
    const r = await verifyRegistration(baseOptions(response));
    expect(r.credential).toMatchObject({
      id: encodeBase64url(credential.id),
      algorithm: alg,
      counter: 0,
      transports: ['usb'],
      backupEligible: false,
      backedUp: false,
      aaguid: '00000000-0000-0000-0000-000000000000',
    });
    expect(r.credential.publicKey).toEqual(credential.publicKey);
    expect(r.attestation).toMatchObject({ fmt, type: fmt === 'none' ? 'none' : 'self', trusted: false, trustPath: [] });
    expect(r).toMatchObject({ userPresent: true, userVerified: true, origin: ORIGIN, rpId: RP, crossOrigin: false });
  });
});

describe('verifyRegistration: attestation trust', () => {
  let cred: TestCredential;
  let chain: TestAttestationChain;
  beforeAll(async () => {
    cred = await createTestCredential({ alg: -7 });
    chain = await createAttestationChain();
  });
  const x5c = () => ({ certificates: chain.x5c, privateKey: chain.leaf.privateKey });

  it('packed x5c with the right anchor: basic, trusted, trust path = x5c', async () => {
    const response = await createRegistrationResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed', attestation: 'x5c', x5c: x5c() });
    const r = await verifyRegistration({ ...baseOptions(response), attestation: { trustAnchors: chain.anchorsPem } });
    expect(r.attestation).toMatchObject({ fmt: 'packed', type: 'basic', trusted: true });
    expect(r.attestation.trustPath).toEqual(chain.x5c);
  });

  it('packed x5c without anchors: fully checked but trusted: false', async () => {
    const response = await createRegistrationResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed', attestation: 'x5c', x5c: x5c() });
    expect((await verifyRegistration(baseOptions(response))).attestation.trusted).toBe(false);
  });

  it('packed x5c with anchors that do not issue the chain: refused', async () => {
    // The other root has the same subject name, so the path reaches it and its signature check fails.
    const other = await createAttestationChain();
    const response = await createRegistrationResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed', attestation: 'x5c', x5c: x5c() });
    expect(await codeOf(verifyRegistration({ ...baseOptions(response), attestation: { trustAnchors: other.anchorsPem } }))).toBe('ERR_X509_SIGNATURE_INVALID');
    // An anchor that no certificate names as issuer: no path at all.
    const unrelated = await createAttestationChain({ leafSubject: [['C', 'US'], ['O', 'Else'], ['OU', 'Authenticator Attestation'], ['CN', 'x']] });
    expect(await codeOf(verifyRegistration({ ...baseOptions(response), attestation: { trustAnchors: [toPem(unrelated.leaf.der)] } }))).toBe('ERR_X509_UNTRUSTED');
  });

  it('fido-u2f with the right anchor is trusted; a resolver receives fmt and AAGUID', async () => {
    const response = await createRegistrationResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'fido-u2f', x5c: { certificates: [chain.x5c[0]!], privateKey: chain.leaf.privateKey } });
    const seen: string[] = [];
    const r = await verifyRegistration({
      ...baseOptions(response),
      // §8.6: fido-u2f carries exactly one certificate; its issuer (the intermediate) is the anchor here.
      attestation: { trustAnchors: (fmt, aaguid) => (seen.push(`${fmt} ${aaguid}`), [toPem(chain.intermediate.der)]) },
    });
    expect(r.attestation).toMatchObject({ fmt: 'fido-u2f', trusted: true });
    expect(seen).toEqual(['fido-u2f 00000000-0000-0000-0000-000000000000']);
  });

  it('requireTrustedAttestation refuses none, self and unanchored x5c', async () => {
    for (const make of [
      { fmt: 'none' as const },
      { fmt: 'packed' as const },
      { fmt: 'packed' as const, attestation: 'x5c' as const, x5c: x5c() },
    ]) {
      const response = await createRegistrationResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, ...make });
      expect(await codeOf(verifyRegistration({ ...baseOptions(response), attestation: { requireTrustedAttestation: true } }))).toBe('ERR_ATTESTATION_UNTRUSTED');
    }
  });

  it('checks certificate validity at attestation.now', async () => {
    const response = await createRegistrationResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed', attestation: 'x5c', x5c: x5c() });
    const code = await codeOf(verifyRegistration({ ...baseOptions(response), attestation: { trustAnchors: chain.anchorsPem, now: new Date(Date.now() + 5 * 365 * 86400_000) } }));
    expect(code).toBe('ERR_X509_EXPIRED');
  });
});

describe('verifyRegistration: ceremony checks', () => {
  let cred: TestCredential;
  beforeAll(async () => {
    cred = await createTestCredential({ alg: -7 });
  });
  async function run(make: Partial<CreateRegistrationResponseOptions>, opts: Partial<VerifyRegistrationOptions> = {}) {
    const response = await createRegistrationResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, ...make });
    return verifyRegistration({ ...baseOptions(response), ...opts });
  }

  it.each<[string, Partial<CreateRegistrationResponseOptions>, Partial<VerifyRegistrationOptions>, string]>([
    ['§7.1 step 7: type webauthn.get', { faults: { type: 'webauthn.get' } }, {}, 'ERR_CLIENT_DATA_TYPE_MISMATCH'],
    ['§7.1 step 8: another challenge', { challenge: 'AAAA' }, {}, 'ERR_CLIENT_DATA_CHALLENGE_MISMATCH'],
    ['§7.1 step 9: another origin', { origin: 'https://evil.example' }, {}, 'ERR_CLIENT_DATA_ORIGIN_MISMATCH'],
    ['§7.1 step 10: cross-origin iframe not allowed', { crossOrigin: true }, {}, 'ERR_CLIENT_DATA_CROSS_ORIGIN'],
    ['§7.1 step 13: rpIdHash of another RP', { faults: { rpIdHash: new Uint8Array(32) } }, {}, 'ERR_AUTH_DATA_RP_ID_MISMATCH'],
    ['§7.1 step 14: UP clear', { flags: { up: false, uv: true, at: true } }, {}, 'ERR_AUTH_DATA_USER_PRESENCE_REQUIRED'],
    ['§7.1 step 15: UV clear while required', { flags: { up: true, uv: false, at: true } }, {}, 'ERR_AUTH_DATA_USER_VERIFICATION_REQUIRED'],
    ['§7.1 step 16: BS without BE', { flags: { up: true, uv: true, at: true, bs: true } }, {}, 'ERR_AUTH_DATA_BACKUP_STATE_INVALID'],
    ['§7.1 step 17: AT clear and no attested data', { flags: { up: true, uv: true, at: false }, faults: { omitAttestedCredentialData: true } }, {}, 'ERR_AUTH_DATA_ATTESTED_DATA_MISSING'],
    ['AT set but no attested data', { faults: { omitAttestedCredentialData: true } }, {}, 'ERR_AUTH_DATA_FLAGS_INCONSISTENT'],
    ['AT clear but attested data present', { flags: { up: true, uv: true, at: false } }, {}, 'ERR_AUTH_DATA_TRAILING_BYTES'],
    ['leftover bytes after attested data', { faults: { trailingAuthDataBytes: new Uint8Array([1, 2]) } }, {}, 'ERR_AUTH_DATA_TRAILING_BYTES'],
    ['attested credential id differs from rawId', { faults: { credentialIdInAuthData: new Uint8Array(16).fill(3) } }, {}, 'ERR_RESPONSE_ID_MISMATCH'],
    ['§7.1 step 19: algorithm not offered', {}, { supportedAlgorithms: [-257] }, 'ERR_COSE_ALG_NOT_ALLOWED'],
    ['§7.1 step 21: format not allowed', { fmt: 'packed' }, { attestation: { formats: ['none'] } }, 'ERR_ATTESTATION_FORMAT_NOT_ALLOWED'],
    ['§7.1 step 21: unknown format', { faults: { fmt: 'made-up' } }, {}, 'ERR_ATTESTATION_FORMAT_UNSUPPORTED'],
    ['§8.7: none with a non-empty attStmt', { faults: { attStmt: { alg: -7 } } }, {}, 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['a packed statement relabelled none', { fmt: 'packed', faults: { fmt: 'none' } }, {}, 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['§8.2: packed self signature corrupted', { fmt: 'packed', faults: { corruptSignature: true } }, {}, 'ERR_ATTESTATION_SIGNATURE_INVALID'],
    ['attestationObject with an extra member', { faults: { attestationObjectExtraKeys: { extra: 1 } } }, {}, 'ERR_ATTESTATION_OBJECT_INVALID'],
    ['attestationObject with trailing bytes', { faults: { trailingAttestationObjectBytes: new Uint8Array([0]) } }, {}, 'ERR_CBOR_TRAILING_BYTES'],
    ['id differs from rawId', { faults: { rawId: 'AAAA' } }, {}, 'ERR_RESPONSE_ID_MISMATCH'],
  ])('rejects: %s', async (_name, make, opts, expected) => {
    expect(await codeOf(run(make, opts))).toBe(expected);
  });

  it('returns authenticator extension outputs and backup flags', async () => {
    const r = await run({ extensions: { credProtect: 2 }, flags: { up: true, uv: true, at: true, be: true, bs: true } });
    expect({ ...r.extensions }).toEqual({ credProtect: 2 });
    expect(r.credential).toMatchObject({ backupEligible: true, backedUp: true });
  });

  it('accepts relaxations only when asked', async () => {
    expect((await run({ flags: { up: true, uv: false, at: true } }, { requireUserVerification: false })).userVerified).toBe(false);
    expect((await run({ crossOrigin: true }, { allowCrossOrigin: true })).crossOrigin).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['expectedRPID missing', { expectedRPID: undefined }],
    ['expectedOrigin missing', { expectedOrigin: undefined }],
    ['expectedChallenge missing', { expectedChallenge: undefined }],
    ['supportedAlgorithms empty', { supportedAlgorithms: [] }],
    ['supportedAlgorithms not numbers', { supportedAlgorithms: ['ES256'] }],
    ['attestation.now not a date', { attestation: { now: '2024-01-01' } }],
    ['attestation.trustAnchors a string', { attestation: { trustAnchors: '-----BEGIN CERTIFICATE-----' } }],
    ['attestation.formats not an array', { attestation: { formats: 'none' } }],
  ])('rejects misconfiguration: %s', async (_name, patch) => {
    const response = await createRegistrationResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP });
    expect(await codeOf(verifyRegistration({ ...baseOptions(response), ...patch } as never))).toBe('ERR_OPTIONS_INVALID');
  });
});

describe('verifyRegistration: compound attestation (L3 §8.9)', () => {
  async function compoundResponse(subs: (packed: Map<string, unknown>) => unknown[]) {
    const { decodeCbor } = await import('../../../src/cbor/decode.js');
    const { decodeBase64url } = await import('../../../src/encoding/base64url.js');
    const { encodeCbor } = await import('../../../src/testing/cbor-encode.js');
    const credential = await createTestCredential({ alg: -7 });
    const response = await createRegistrationResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed' });
    const att = decodeCbor(decodeBase64url(response.response.attestationObject)) as Map<string, unknown>;
    const packed = att.get('attStmt') as Map<string, unknown>;
    const rebuilt = encodeCbor(new Map<string, unknown>([['fmt', 'compound'], ['attStmt', subs(packed)], ['authData', att.get('authData')]]) as never);
    return { ...response, response: { ...response.response, attestationObject: encodeBase64url(rebuilt) } };
  }

  it('verifies every sub-statement and lists each; the top level reports the weakest', async () => {
    const response = await compoundResponse((packed) => [new Map<string, unknown>([['fmt', 'packed'], ['attStmt', packed]]), new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()]])]);
    const r = await verifyRegistration(baseOptions(response));
    expect(r.attestation.fmt).toBe('compound');
    expect(r.attestation.type).toBe('none');
    expect(r.attestation.trusted).toBe(false);
    expect(r.attestation.statements?.map((s) => `${s.fmt}:${s.type}`)).toEqual(['packed:self', 'none:none']);
  });

  it('fails when any sub-statement fails', async () => {
    const response = await compoundResponse((packed) => {
      const bad = new Map(packed);
      const sig = new Uint8Array(bad.get('sig') as Uint8Array);
      sig[sig.length - 1] ^= 1;
      bad.set('sig', sig);
      return [new Map<string, unknown>([['fmt', 'packed'], ['attStmt', bad]]), new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()]])];
    });
    expect(await codeOf(verifyRegistration(baseOptions(response)))).toBe('ERR_ATTESTATION_SIGNATURE_INVALID');
  });
});
