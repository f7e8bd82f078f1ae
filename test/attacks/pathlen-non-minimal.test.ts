/**
 * Issue 11 finding 6 (b): pathLenConstraint INTEGERs that are not DER, or negative.
 *
 * `02 02 00 00` is zero in BER but not in DER: X.690 §8.3.2 requires the minimal two's-complement
 * encoding, so a DER reader refuses it (two readers giving one certificate two meanings is the
 * defect class). RFC 5280 §4.2.1.9: pathLenConstraint INTEGER (0..MAX), so a negative value is
 * refused too. The extension value is an OCTET STRING that the certificate-wide strict walk does not
 * enter, so these tests put the bad INTEGER there, in a correctly signed certificate. The same reader
 * checks every other INTEGER of a certificate (serialNumber, version, RSA n and e): tested below.
 */
import { describe, expect, it } from 'vitest';
import { parseBasicConstraints, parseCertificate } from '../../src/x509/certificate.js';
import { spkiToCosePublicKey } from '../../src/x509/public-key.js';
import { buildCertificate, extension, hex, OID_BASIC_CONSTRAINTS, refusal } from './x509-der-builder.js';

const caWithPathLen = (integer: string) => buildCertificate({ extensions: [extension(OID_BASIC_CONSTRAINTS, true, hex(`30${(3 + integer.length / 2).toString(16).padStart(2, '0')}0101ff${integer}`))] });
const malformed = (reason: string) => ({ code: 'ERR_X509_MALFORMED', reason });

describe('pathLenConstraint (X.690 §8.3, RFC 5280 §4.2.1.9)', () => {
  it.each([
    ['020100', 0],
    ['020105', 5],
    ['02020080', 128],
    ['0204 7fffffff', 0x7fffffff],
  ])('positive: %s reads as pathLen %i', async (integer, pathLen) => {
    const cert = parseCertificate(await caWithPathLen(integer.replace(/\s/g, '')));
    expect(cert.basicConstraints).toEqual({ ca: true, pathLen });
  });

  it('refuses 02 02 00 00, a non-minimal zero (X.690 §8.3.2)', async () => {
    const der = await caWithPathLen('02020000');
    expect(refusal(() => parseCertificate(der))).toEqual(malformed('non-minimal INTEGER'));
  });

  it.each([
    ['02020005', 'leading 00 before a value below 0x80 (X.690 §8.3.2)', 'non-minimal INTEGER'],
    ['0202ffff', 'leading ff before a value with the top bit set (X.690 §8.3.2)', 'non-minimal INTEGER'],
    ['0200', 'no content octets (X.690 §8.3.1)', 'empty INTEGER'],
    ['0201ff', 'minus one (RFC 5280 §4.2.1.9: 0..MAX)', 'negative INTEGER'],
    ['020180', 'minus 128 (RFC 5280 §4.2.1.9: 0..MAX)', 'negative INTEGER'],
    ['02050080000000', '2^31, past the bound we read into a number', 'INTEGER out of range'],
  ])('refuses pathLenConstraint %s: %s', async (integer, _clause, reason) => {
    const der = await caWithPathLen(integer);
    expect(refusal(() => parseCertificate(der))).toEqual(malformed(reason));
  });

  it('parseBasicConstraints on its own applies the same rules, and strict DER to the whole value', () => {
    expect(parseBasicConstraints(hex('30060101ff020100'))).toEqual({ ca: true, pathLen: 0 });
    expect(refusal(() => parseBasicConstraints(hex('30070101ff02020000')))).toEqual(malformed('non-minimal INTEGER'));
    expect(refusal(() => parseBasicConstraints(hex('30060101ff020100 00')))).toEqual(malformed('trailing bytes'));
    expect(refusal(() => parseBasicConstraints(hex('3003010101')))).toEqual(malformed('BOOLEAN not DER'));
  });
});

describe('the same reader on every other INTEGER of the certificate', () => {
  it('serialNumber: non-minimal and empty encodings (X.690 §8.3.1–2)', async () => {
    const nonMinimal = await buildCertificate({ serial: hex('02020001') });
    expect(refusal(() => parseCertificate(nonMinimal))).toEqual(malformed('non-minimal INTEGER'));
    const empty = await buildCertificate({ serial: hex('0200') });
    expect(refusal(() => parseCertificate(empty))).toEqual(malformed('empty INTEGER'));
  });

  it('version: anything but a one-octet 1 or 2 (RFC 5280 §4.1.2.1; DER omits the default v1)', async () => {
    const der = await buildCertificate();
    const at = Buffer.from(der).indexOf(Buffer.from('a003020102', 'hex'));
    expect(at).toBeGreaterThan(0);
    const v1Explicit = der.slice();
    v1Explicit[at + 4] = 0;
    expect(refusal(() => parseCertificate(v1Explicit))).toMatchObject({ code: 'ERR_X509_MALFORMED' });
  });

  it('RSA modulus and exponent: non-minimal or negative INTEGERs are not a key (X.690 §8.3.2, RFC 8017 A.1.1)', () => {
    const n = `0282010100${'c3'.repeat(255)}01`; // 2048-bit odd modulus, minimal
    const spki = (rsaPublicKey: string) => {
      const bits = `00${rsaPublicKey}`;
      const bitString = `0382${(bits.length / 2).toString(16).padStart(4, '0')}${bits}`;
      const body = `300d06092a864886f70d0101010500${bitString}`;
      return hex(`3082${(body.length / 2).toString(16).padStart(4, '0')}${body}`);
    };
    const key = (nHex: string, eHex: string) => `3082${((nHex.length + eHex.length) / 2).toString(16).padStart(4, '0')}${nHex}${eHex}`;
    expect(spkiToCosePublicKey(spki(key(n, '0203010001'))).kty).toBe('RSA');
    expect(refusal(() => spkiToCosePublicKey(spki(key(n, '020400010001'))))).toMatchObject({ code: 'ERR_X509_UNSUPPORTED_KEY' });
    const negativeN = `02820100${'c3'.repeat(255)}01`; // top bit set, no 00 octet: negative
    expect(refusal(() => spkiToCosePublicKey(spki(key(negativeN, '0203010001'))))).toMatchObject({ code: 'ERR_X509_UNSUPPORTED_KEY' });
  });
});
