/**
 * Two real Remote Key Provisioning chains from a preproduction Pixel 9a (TEE and StrongBox), signed
 * under Google's Key Attestation CA1 (fixtures/android-key-attestation, Google's own test data):
 * they validate to CA1 with our path code (RFC 5280 §6.1) at a time inside every certificate's
 * validity, not outside it and not to another root; and our KeyDescription reader (WebAuthn L3 §8.4,
 * Android KeyDescription) reads the leaf as Google's decoding beside it says.
 */
import { describe, expect, it } from 'vitest';
import { parseKeyDescription, OID_ANDROID_KEY_DESCRIPTION } from '../../src/attestation/android-key/key-description.js';
import { GOOGLE_HARDWARE_ATTESTATION_ROOT_2022, GOOGLE_KEY_ATTESTATION_CA1 } from '../../src/x509/roots.js';
import { parseCertificate, type ParsedCertificate } from '../../src/x509/certificate.js';
import { validateCertificatePath } from '../../src/x509/path.js';
import { parseTrustAnchors, pemCertificates } from '../../src/x509/pem.js';
import { fixturePath } from '../helpers/fixtures.js';
import { readFileSync } from 'node:fs';

/** Google's decoding of the leaf's KeyDescription (the .json beside each chain). */
interface GoogleDecoding {
  attestationVersion: string;
  attestationSecurityLevel: string;
  keyMintVersion: string;
  keyMintSecurityLevel: string;
  attestationChallenge: string;
  uniqueId: string;
  softwareEnforced: Record<string, unknown>;
  hardwareEnforced: Record<string, unknown> & { purposes: string[]; origin: string };
}

/** The .json files carry // comment lines (Google's test data as published). */
function readDecoding(name: string): GoogleDecoding {
  const text = readFileSync(fixturePath('android-key-attestation', name), 'utf8');
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as GoogleDecoding;
}

const SECURITY_LEVEL: Record<string, number> = { SOFTWARE: 0, TRUSTED_ENVIRONMENT: 1, STRONG_BOX: 2 };
const ORIGIN: Record<string, number> = { GENERATED: 0, DERIVED: 1, IMPORTED: 2 };
/** KeyMint tag numbers (Android KeyMint Tag.aidl) for the fields Google's decoding names. */
const TAG: Record<string, number> = {
  purposes: 1, algorithms: 2, keySize: 3, digests: 5, ecCurve: 10, noAuthRequired: 503,
  creationDateTime: 701, origin: 702, rootOfTrust: 704, osVersion: 705, osPatchLevel: 706,
  attestationApplicationId: 709, vendorPatchLevel: 718, bootPatchLevel: 719, moduleHash: 724,
};
/** `areTagsOrdered` is a remark of Google's decoder, not a tag. */
const tagsOf = (fields: Record<string, unknown>) => Object.keys(fields).filter((k) => k !== 'areTagsOrdered').map((k) => TAG[k]).sort((a, b) => a! - b!);

const CA1 = parseTrustAnchors([GOOGLE_KEY_ATTESTATION_CA1.pem]);
/** Inside every certificate's validity (the O=TEE / StrongBox intermediates live two weeks). */
const INSIDE = new Date('2026-02-25T00:00:00Z');

const CHAINS = [
  { name: 'TEE', pem: 'tegu-sdk36-TEE_EC_2026_ROOT.pem', json: 'tegu-sdk36-TEE_EC_2026_ROOT.json', expires: '2026-03-08' },
  { name: 'StrongBox', pem: 'tegu-sdk36-SB_EC_2026_ROOT.pem', json: 'tegu-sdk36-SB_EC_2026_ROOT.json', expires: '2026-03-06' },
] as const;

function chainOf(file: string): ParsedCertificate[] {
  return pemCertificates(readFileSync(fixturePath('android-key-attestation', file), 'utf8')).map(parseCertificate);
}

describe.each(CHAINS)('Key Attestation CA1: the real $name chain', ({ pem, json, expires }) => {
  const chain = chainOf(pem);

  it('is leaf → O=TEE/StrongBox → Droid CA3 → Droid CA2 → CA1, ending in the configured CA1 certificate', () => {
    expect(chain).toHaveLength(5);
    expect(chain[4]!.fingerprintSha256).toBe(GOOGLE_KEY_ATTESTATION_CA1.sha256Fingerprint);
    expect(chain[1]!.notAfter.toISOString().slice(0, 10)).toBe(expires);
  });

  it('validates to CA1 at a time inside its validity, with or without CA1 itself in the chain', async () => {
    expect((await validateCertificatePath(chain, CA1, INSIDE)).anchor.fingerprintSha256).toBe(GOOGLE_KEY_ATTESTATION_CA1.sha256Fingerprint);
    expect((await validateCertificatePath(chain.slice(0, 4), CA1, INSIDE)).anchor.fingerprintSha256).toBe(GOOGLE_KEY_ATTESTATION_CA1.sha256Fingerprint);
  });

  it('is refused after its intermediate expired, and against the RSA root alone', async () => {
    await expect(validateCertificatePath(chain, CA1, new Date('2026-03-10T00:00:00Z'))).rejects.toMatchObject({ code: 'ERR_X509_EXPIRED' });
    const rsa = parseTrustAnchors([GOOGLE_HARDWARE_ATTESTATION_ROOT_2022.pem]);
    await expect(validateCertificatePath(chain.slice(0, 4), rsa, INSIDE)).rejects.toMatchObject({ code: 'ERR_X509_UNTRUSTED' });
  });

  it('its KeyDescription reads as Google\'s decoding says', () => {
    const expected = readDecoding(json);
    const ext = chain[0]!.extensions.get(OID_ANDROID_KEY_DESCRIPTION);
    expect(ext).toBeDefined();
    const kd = parseKeyDescription(ext!.value);
    expect(kd.attestationVersion).toBe(Number(expected.attestationVersion));
    expect(kd.keymasterVersion).toBe(Number(expected.keyMintVersion));
    expect(kd.attestationSecurityLevel).toBe(SECURITY_LEVEL[expected.attestationSecurityLevel]);
    expect(kd.keymasterSecurityLevel).toBe(SECURITY_LEVEL[expected.keyMintSecurityLevel]);
    expect(Buffer.from(kd.attestationChallenge).toString('base64')).toBe(expected.attestationChallenge);
    expect(Buffer.from(kd.uniqueId).toString('base64')).toBe(expected.uniqueId);
    expect(kd.teeEnforced.purpose).toEqual(expected.hardwareEnforced.purposes.map(Number));
    expect(kd.teeEnforced.origin).toBe(ORIGIN[expected.hardwareEnforced.origin]);
    expect([...kd.teeEnforced.tags].sort((a, b) => a - b)).toEqual(tagsOf(expected.hardwareEnforced));
    expect([...kd.softwareEnforced.tags].sort((a, b) => a - b)).toEqual(tagsOf(expected.softwareEnforced));
  });
});

describe('Key Attestation CA1: the versions Google\'s decodings give', () => {
  it('TEE: attestation and KeyMint version 400; StrongBox: 300 (the fixture README says 400 for both)', () => {
    expect(readDecoding(CHAINS[0].json)).toMatchObject({ attestationVersion: '400', keyMintVersion: '400', attestationSecurityLevel: 'TRUSTED_ENVIRONMENT' });
    expect(readDecoding(CHAINS[1].json)).toMatchObject({ attestationVersion: '300', keyMintVersion: '300', attestationSecurityLevel: 'STRONG_BOX' });
  });
});
