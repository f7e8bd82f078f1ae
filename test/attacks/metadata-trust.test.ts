/**
 * Attacks on metadata-derived trust (WebAuthn L3 §7.1 step 23 with FIDO MDS v3.0): an authenticator
 * that claims a listed model must prove it with a chain to that model's roots, keep its statement's
 * promises, and not carry a refused status. Every case below must come out "no" (or, for the
 * report-only rules, "yes" with the mismatch reported).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyMetadataBLOB, type VerifiedMetadata } from '../../src/metadata/index.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { encodeStandardBase64 } from '../../src/encoding/base64.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { createAttestationChain, createMetadataBLOB, createRegistrationResponse, createTestCredential, issueTestCertificate, type TestAttestationChain } from '../../src/testing/index.js';
import { certificateKeyIdentifier } from '../../src/metadata/index.js';
import type { ParsedCertificate } from '../../src/x509/certificate.js';
import { codeOf } from '../helpers/codes.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(7));
const NOW = new Date();
const AAGUID_BYTES = new Uint8Array([0x01, 0x23, 0xab, 0xcd, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 0x01]);
const AAGUID = '0123abcd-0000-4000-8000-000000000001';
const DAY = 86_400_000;
const isoDay = (offsetDays: number) => new Date(NOW.getTime() + offsetDays * DAY).toISOString().slice(0, 10);

let vendor: TestAttestationChain; // the genuine model's attestation PKI
let impostor: TestAttestationChain; // a look-alike PKI the attacker controls

async function blobWith(entry: Record<string, unknown>): Promise<VerifiedMetadata> {
  const { blob, chain } = await createMetadataBLOB({
    payload: { legalHeader: 'test', no: 1, nextUpdate: isoDay(30), entries: [{ timeOfLastStatusChange: '2020-01-01', ...entry }] },
    now: NOW,
  });
  return verifyMetadataBLOB(blob, { now: NOW, rootCertificate: chain.anchorsPem[0]! });
}

const entry = (over: Record<string, unknown> = {}, statement: Record<string, unknown> = {}) => ({
  aaguid: AAGUID,
  metadataStatement: {
    description: 'Genuine Key',
    attestationTypes: ['basic_full'],
    attestationRootCertificates: [encodeStandardBase64(vendor.root.der)],
    authenticationAlgorithms: ['secp256r1_ecdsa_sha256_raw'],
    ...statement,
  },
  statusReports: [{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2020-01-01' }],
  ...over,
});

async function register(metadata: VerifiedMetadata, chain: TestAttestationChain | 'self' | 'none', extra: Record<string, unknown> = {}) {
  const credential = await createTestCredential({ alg: -7, aaguid: AAGUID_BYTES });
  const response = await createRegistrationResponse({
    credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP,
    fmt: chain === 'none' ? 'none' : 'packed',
    ...(typeof chain === 'object' ? { attestation: 'x5c' as const, x5c: { certificates: chain.x5c, privateKey: chain.leaf.privateKey } } : {}),
  });
  return verifyRegistration({
    response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP,
    attestation: { metadata, now: NOW, ...extra },
  });
}

/** A WebCrypto public key for a parsed certificate's EC P-256 SubjectPublicKeyInfo. */
const publicKeyOf = (cert: ParsedCertificate) =>
  crypto.subtle.importKey('spki', cert.spki.slice(), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);

beforeAll(async () => {
  vendor = await createAttestationChain({ now: NOW, aaguid: AAGUID_BYTES });
  impostor = await createAttestationChain({ now: NOW, aaguid: AAGUID_BYTES });
});

describe('metadata trust', () => {
  it('control: the genuine model is trusted from metadata alone and described', async () => {
    const r = await register(await blobWith(entry()), vendor);
    expect(r.attestation.trusted).toBe(true);
    expect(r.attestation.metadata).toMatchObject({ description: 'Genuine Key', aaguid: AAGUID, algorithmListed: true });
    expect(r.attestation.metadata!.status?.status).toBe('FIDO_CERTIFIED_L1');
  });

  it('a listed AAGUID on a chain from another PKI → ERR_METADATA_ROOT_MISMATCH', async () => {
    // The impostor PKI copies the genuine root's name, so the path code finds the entry root as the
    // issuer by name, and its signature does not verify.
    const err = await register(await blobWith(entry()), impostor).catch((e) => e);
    expect([err.code, err.cause?.code]).toEqual(['ERR_METADATA_ROOT_MISMATCH', 'ERR_X509_SIGNATURE_INVALID']);
  });

  it('a listed AAGUID on a chain to one of the CALLER\'s anchors still does not take the model\'s identity', async () => {
    // android-key, say, does not bind the AAGUID: any phone chaining to a root the RP trusts could
    // claim a listed model. A listed authenticator must reach its own entry's roots.
    const err = await register(await blobWith(entry()), impostor, { trustAnchors: impostor.anchorsPem }).catch((e) => e);
    expect(err.code).toBe('ERR_METADATA_ROOT_MISMATCH');
    // Unlisted, the same chain is judged by the caller's anchors as without metadata.
    const unlisted = await register(await blobWith(entry({ aaguid: '99999999-0000-4000-8000-000000000001' })), impostor, { trustAnchors: impostor.anchorsPem });
    expect([unlisted.attestation.trusted, unlisted.attestation.metadata]).toEqual([true, undefined]);
  });

  it('an entry with no roots cannot vouch for any chain', async () => {
    expect(await codeOf(register(await blobWith(entry({}, { attestationRootCertificates: [] })), vendor))).toBe('ERR_METADATA_ROOT_MISMATCH');
  });

  it('an attestation type the statement does not list → ERR_METADATA_ATTESTATION_TYPE', async () => {
    expect(await codeOf(register(await blobWith(entry({}, { attestationTypes: ['attca'] })), vendor))).toBe('ERR_METADATA_ATTESTATION_TYPE');
    // Self attestation claiming a model that only does basic attestation (its AAGUID is self-signed).
    expect(await codeOf(register(await blobWith(entry()), 'self'))).toBe('ERR_METADATA_ATTESTATION_TYPE');
    const self = await register(await blobWith(entry({}, { attestationTypes: ['basic_surrogate'] })), 'self');
    expect([self.attestation.type, self.attestation.trusted, self.attestation.metadata?.description]).toEqual(['self', false, 'Genuine Key']);
  });

  it.each(['REVOKED', 'USER_VERIFICATION_BYPASS', 'USER_KEY_REMOTE_COMPROMISE', 'USER_KEY_PHYSICAL_COMPROMISE', 'ATTESTATION_KEY_COMPROMISE'])(
    'status %s in effect → ERR_METADATA_STATUS_REFUSED; before its effective date → accepted',
    async (status) => {
      const now = await blobWith(entry({ statusReports: [{ status: 'FIDO_CERTIFIED', effectiveDate: '2020-01-01' }, { status, effectiveDate: isoDay(-1) }] }));
      expect(await codeOf(register(now, vendor))).toBe('ERR_METADATA_STATUS_REFUSED');
      const later = await blobWith(entry({ statusReports: [{ status: 'FIDO_CERTIFIED', effectiveDate: '2020-01-01' }, { status, effectiveDate: isoDay(2) }] }));
      expect((await register(later, vendor)).attestation.trusted).toBe(true);
    },
  );

  it('a later FIDO_CERTIFIED report does not take back a compromise in effect', async () => {
    const m = await blobWith(entry({ statusReports: [{ status: 'USER_VERIFICATION_BYPASS', effectiveDate: '2021-01-01' }, { status: 'FIDO_CERTIFIED', effectiveDate: '2022-01-01' }] }));
    expect(await codeOf(register(m, vendor))).toBe('ERR_METADATA_STATUS_REFUSED');
  });

  it('ATTESTATION_KEY_COMPROMISE naming a certificate refuses only chains that contain it', async () => {
    const named = (der: Uint8Array) => entry({ statusReports: [{ status: 'ATTESTATION_KEY_COMPROMISE', effectiveDate: '2020-01-01', certificate: encodeStandardBase64(der) }] });
    expect(await codeOf(register(await blobWith(named(vendor.leaf.der)), vendor))).toBe('ERR_METADATA_STATUS_REFUSED');
    expect(await codeOf(register(await blobWith(named(vendor.intermediate.der)), vendor))).toBe('ERR_METADATA_STATUS_REFUSED');
    const other = await createAttestationChain({ now: NOW });
    expect((await register(await blobWith(named(other.leaf.der)), vendor)).attestation.trusted).toBe(true);
  });

  it('a compromised certificate named in the report is matched by KEY across the validated path, anchor included', async () => {
    // The named intermediate is also listed as a root: a chain that sends only its leaf reaches it as the anchor.
    const roots = { attestationRootCertificates: [encodeStandardBase64(vendor.root.der), encodeStandardBase64(vendor.intermediate.der)] };
    const named = (der: Uint8Array) => entry({ statusReports: [{ status: 'ATTESTATION_KEY_COMPROMISE', effectiveDate: '2020-01-01', certificate: encodeStandardBase64(der) }] }, roots);
    expect(await codeOf(register(await blobWith(named(vendor.intermediate.der)), { ...vendor, x5c: [vendor.leaf.der] }))).toBe('ERR_METADATA_STATUS_REFUSED');
    // Another certificate for the same key (other serial, other bytes) names the same compromised key.
    const twin = await issueTestCertificate({
      issuer: { certificate: vendor.root.certificate, privateKey: vendor.root.privateKey },
      subject: [['CN', 'Test Attestation Intermediate']], publicKey: await publicKeyOf(vendor.intermediate.certificate),
      signingKey: vendor.root.privateKey, notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + DAY), ca: true,
    });
    expect(await codeOf(register(await blobWith(named(twin.der)), vendor))).toBe('ERR_METADATA_STATUS_REFUSED');
  });

  it('a made-up AAGUID cannot hide a key the BLOB reports on (key-identifier lookup as fallback, and its statuses apply)', async () => {
    const keyId = certificateKeyIdentifier(vendor.leaf.certificate);
    const byKey = { aaguid: undefined, attestationCertificateKeyIdentifiers: [keyId], statusReports: [{ status: 'REVOKED', effectiveDate: '2020-01-01' }] };
    // The AAGUID in authData (0123abcd-…) is not listed: the key identifier finds the revoked entry.
    expect(await codeOf(register(await blobWith(entry(byKey)), vendor))).toBe('ERR_METADATA_STATUS_REFUSED');
    // Listed by both: the AAGUID's entry identifies the model, the key's revocation still applies.
    const { blob, chain } = await createMetadataBLOB({
      payload: { legalHeader: 't', no: 1, nextUpdate: isoDay(30), entries: [{ ...entry(), timeOfLastStatusChange: '2020-01-01' }, { ...entry(byKey, { description: 'U2F entry' }), timeOfLastStatusChange: '2020-01-01' }] },
      now: NOW,
    });
    const both = await verifyMetadataBLOB(blob, { now: NOW, rootCertificate: chain.anchorsPem[0]! });
    expect(await codeOf(register(both, vendor))).toBe('ERR_METADATA_STATUS_REFUSED');
  });

  it('a status takes effect from the earliest time zone of its effectiveDate (UTC+14), not at UTC midnight', async () => {
    const noonUtc = new Date(`${NOW.toISOString().slice(0, 10)}T12:00:00Z`);
    const tomorrow = new Date(noonUtc.getTime() + DAY).toISOString().slice(0, 10);
    const m = await blobWith(entry({ statusReports: [{ status: 'REVOKED', effectiveDate: tomorrow }] }));
    expect(await codeOf(register(m, vendor, { now: noonUtc }))).toBe('ERR_METADATA_STATUS_REFUSED'); // already the 'tomorrow' in UTC+14
    expect((await register(m, vendor, { now: new Date(noonUtc.getTime() - 3 * 3_600_000) })).attestation.trusted).toBe(true);
  });

  it('refusal is policy: [] only reports; NOT_FIDO_CERTIFIED is reported unless the RP refuses it', async () => {
    const revoked = await blobWith(entry({ statusReports: [{ status: 'REVOKED', effectiveDate: '2020-01-01' }] }));
    const relaxed = await register(revoked, vendor, { refuseMetadataStatuses: [] });
    expect(relaxed.attestation.metadata!.status?.status).toBe('REVOKED');
    const uncertified = await blobWith(entry({ statusReports: [{ status: 'NOT_FIDO_CERTIFIED', effectiveDate: '2020-01-01' }] }));
    expect((await register(uncertified, vendor)).attestation.metadata!.status?.status).toBe('NOT_FIDO_CERTIFIED');
    expect(await codeOf(register(uncertified, vendor, { refuseMetadataStatuses: ['NOT_FIDO_CERTIFIED'] }))).toBe('ERR_METADATA_STATUS_REFUSED');
  });

  it('an algorithm the statement does not list is reported, not refused (real statements are incomplete)', async () => {
    const r = await register(await blobWith(entry({}, { authenticationAlgorithms: ['rsassa_pkcsv15_sha256_raw'] })), vendor);
    expect([r.attestation.trusted, r.attestation.metadata!.algorithmListed]).toEqual([true, false]);
  });

  it('fmt none carries no claim: no lookup, no metadata, untrusted', async () => {
    const r = await register(await blobWith(entry()), 'none');
    expect([r.attestation.fmt, r.attestation.trusted, r.attestation.metadata]).toEqual(['none', false, undefined]);
  });

  it('an unlisted authenticator behaves as without metadata', async () => {
    const r = await register(await blobWith(entry({ aaguid: '99999999-0000-4000-8000-000000000001' })), vendor);
    expect([r.attestation.trusted, r.attestation.metadata]).toEqual([false, undefined]);
  });

  it('the metadata option must be a verified BLOB', async () => {
    const fake = { findByAAGUID: () => undefined } as unknown as VerifiedMetadata;
    expect(await codeOf(register(fake, vendor))).toBe('ERR_OPTIONS_INVALID');
  });
});
