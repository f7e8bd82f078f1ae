/**
 * `attestation.metadata` must be a BLOB verifyMetadataBLOB verified (FIDO MDS v3.0 §3.2), not
 * something shaped like one: a hand-made object with the two lookups, or a copy of a verified one
 * with its lookups swapped, would hand registration entries nobody signed (or crash it with an
 * uncoded TypeError on a malformed entry). Each must be refused up front with ERR_OPTIONS_INVALID.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyMetadataBLOB, type VerifiedMetadata } from '../../src/metadata/index.js';
import { isVerifiedMetadata } from '../../src/metadata/service.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { encodeStandardBase64 } from '../../src/encoding/base64.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { createAttestationChain, createMetadataBLOB, createRegistrationResponse, createTestCredential, type TestAttestationChain } from '../../src/testing/index.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(9));
const NOW = new Date();
const AAGUID_BYTES = new Uint8Array([0x01, 0x23, 0xab, 0xcd, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 0x02]);
const AAGUID = '0123abcd-0000-4000-8000-000000000002';

let vendor: TestAttestationChain;
let genuine: VerifiedMetadata;

async function register(metadata: unknown) {
  const credential = await createTestCredential({ alg: -7, aaguid: AAGUID_BYTES });
  const response = await createRegistrationResponse({
    credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed',
    attestation: 'x5c', x5c: { certificates: vendor.x5c, privateKey: vendor.leaf.privateKey },
  });
  return verifyRegistration({
    response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP,
    attestation: { metadata: metadata as VerifiedMetadata, now: NOW },
  });
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'verified',
    (e: { code?: string; details?: { option?: string } }) => (e.code === undefined ? `uncoded ${String(e)}` : `${e.code} ${e.details?.option ?? ''}`.trim()),
  );

beforeAll(async () => {
  vendor = await createAttestationChain({ now: NOW, aaguid: AAGUID_BYTES });
  const entry = {
    aaguid: AAGUID, timeOfLastStatusChange: '2020-01-01', statusReports: [{ status: 'FIDO_CERTIFIED_L1' }],
    metadataStatement: { description: 'Genuine Key', attestationTypes: ['basic_full'], attestationRootCertificates: [encodeStandardBase64(vendor.root.der)] },
  };
  const { blob, chain } = await createMetadataBLOB({ payload: { legalHeader: 't', no: 1, nextUpdate: '2099-01-01', entries: [entry] }, now: NOW });
  genuine = await verifyMetadataBLOB(blob, { now: NOW, rootCertificate: chain.anchorsPem[0]! });
});

describe('attestation.metadata is branded', () => {
  it('control: the object verifyMetadataBLOB returned is accepted and used', async () => {
    expect(isVerifiedMetadata(genuine)).toBe(true);
    const result = await register(genuine);
    expect([result.attestation.trusted, result.attestation.metadata?.description]).toEqual([true, 'Genuine Key']);
  });

  it('a hand-made look-alike whose entry is malformed → ERR_OPTIONS_INVALID, not a TypeError', async () => {
    const fake = { no: 1, nextUpdate: '2099-01-01', legalHeader: '', entries: [], findByAAGUID: () => ({ statusReports: null, metadataStatement: 5 }), findByKeyIdentifier: () => undefined };
    expect(isVerifiedMetadata(fake)).toBe(false);
    expect(await outcome(register(fake))).toBe('ERR_OPTIONS_INVALID attestation.metadata');
  });

  it('a copy of a verified BLOB with its lookup replaced (an unsigned entry vouching for any chain) → ERR_OPTIONS_INVALID', async () => {
    const forged = { ...genuine, findByAAGUID: () => ({ ...genuine.entries[0]!, metadataStatement: { description: 'Forged', attestationTypes: ['basic_full'], attestationRootCertificates: [] } }) };
    expect(await outcome(register(forged))).toBe('ERR_OPTIONS_INVALID attestation.metadata');
    expect(await outcome(register(Object.create(genuine)))).toBe('ERR_OPTIONS_INVALID attestation.metadata');
  });

  it('non-objects → ERR_OPTIONS_INVALID', async () => {
    for (const value of [null, 0, 'metadata', [], () => genuine]) expect(await outcome(register(value))).toBe('ERR_OPTIONS_INVALID attestation.metadata');
    expect(isVerifiedMetadata(undefined)).toBe(false);
  });
});
