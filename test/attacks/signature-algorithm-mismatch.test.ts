/**
 * Issue 11 mutation survivor: Certificate.signatureAlgorithm must equal tbsCertificate.signature.
 *
 * RFC 5280 §4.1.1.2: the outer signatureAlgorithm "MUST contain the same algorithm identifier as
 * the signature field in the sequence tbsCertificate". The signed TBS names one algorithm while the
 * verifier reads the unsigned outer one; letting them differ lets an attacker change the algorithm
 * a signature is checked under without touching the signed bytes. parseCertificate compares the
 * two AlgorithmIdentifiers byte for byte (parameters included) and refuses before any signature is
 * looked at. Deleting that comparison makes every refusal below an acceptance.
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/x509/certificate.js';
import { buildCertificate, ECDSA_SHA256, ECDSA_SHA384, hex, refusal, seq } from './x509-der-builder.js';

const mismatch = { code: 'ERR_X509_MALFORMED', reason: 'signatureAlgorithm != tbs.signature' };

describe('signatureAlgorithm = tbsCertificate.signature (RFC 5280 §4.1.1.2)', () => {
  it('positive: identical identifiers parse, and the signature verifies (node:crypto)', async () => {
    const der = await buildCertificate();
    expect(new X509Certificate(der).verify(new X509Certificate(der).publicKey)).toBe(true);
    expect(refusal(() => parseCertificate(der))).toBe('accepted');
  });

  it('refuses an outer ecdsa-with-SHA384 over a TBS that says ecdsa-with-SHA256', async () => {
    const der = await buildCertificate({ tbsAlgorithm: ECDSA_SHA256, outerAlgorithm: ECDSA_SHA384 });
    expect(refusal(() => parseCertificate(der))).toEqual(mismatch);
  });

  it('refuses a TBS that says ecdsa-with-SHA384 under an outer ecdsa-with-SHA256 (the key signed SHA-256)', async () => {
    const der = await buildCertificate({ tbsAlgorithm: ECDSA_SHA384, outerAlgorithm: ECDSA_SHA256 });
    expect(refusal(() => parseCertificate(der))).toEqual(mismatch);
  });

  it('refuses the same OID with different parameters (an added NULL): the identifiers differ as DER', async () => {
    const withNull = seq(hex('06082a8648ce3d040302'), hex('0500'));
    const der = await buildCertificate({ tbsAlgorithm: ECDSA_SHA256, outerAlgorithm: withNull });
    expect(refusal(() => parseCertificate(der))).toEqual(mismatch);
  });

  it('refuses an outer algorithm that is not a signature algorithm at all (rsaEncryption)', async () => {
    const der = await buildCertificate({ outerAlgorithm: seq(hex('06092a864886f70d010101'), hex('0500')) });
    expect(refusal(() => parseCertificate(der))).toEqual(mismatch);
  });
});
