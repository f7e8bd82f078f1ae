/**
 * Issue 11 finding 6 (a): keyUsage bits hidden in a BIT STRING's padding.
 *
 * `03 02 07 04` says "7 unused bits" and so carries one bit, digitalSignature = 0; the 04 sits in the
 * padding, where keyCertSign would be if the length said so. A reader that masks the octet without
 * looking at the unused-bits count calls this a CA key (keyCertSign: true). X.690 §11.2.1 (DER:
 * unused bits are zero) and RFC 5280 §4.2.1.3 forbid it. The same reader checks every BIT STRING of
 * a certificate (signatureValue, subjectPublicKey), so the class is tested there too.
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/x509/certificate.js';
import { buildCertificate, extension, hex, OID_KEY_USAGE, refusal } from './x509-der-builder.js';

const withKeyUsage = (bits: string) => buildCertificate({ extensions: [extension(OID_KEY_USAGE, true, hex(bits))] });
const malformed = (reason: string) => ({ code: 'ERR_X509_MALFORMED', reason });

describe('keyUsage BIT STRING (X.690 §11.2, RFC 5280 §4.2.1.3)', () => {
  it('positive: DER keyUsage values read as their named bits, and the certificate verifies', async () => {
    const leaf = await withKeyUsage('03020780'); // digitalSignature only
    expect(new X509Certificate(leaf).verify(new X509Certificate(leaf).publicKey)).toBe(true);
    expect(parseCertificate(leaf).keyUsage).toEqual({ digitalSignature: true, keyCertSign: false, cRLSign: false });
    const ca = parseCertificate(await withKeyUsage('03020106')); // keyCertSign + cRLSign
    expect(ca.keyUsage).toEqual({ digitalSignature: false, keyCertSign: true, cRLSign: true });
    const nine = parseCertificate(await withKeyUsage('0303070080')); // decipherOnly (bit 8)
    expect(nine.keyUsage).toEqual({ digitalSignature: false, keyCertSign: false, cRLSign: false });
  });

  it('refuses keyCertSign hidden in the padding bits: 03 02 07 04 (X.690 §11.2.1)', async () => {
    const der = await withKeyUsage('03020704');
    expect(refusal(() => parseCertificate(der))).toEqual(malformed('BIT STRING padding bits not zero'));
  });

  it.each([
    ['03020101', 'one padding bit set (X.690 §11.2.1)', 'BIT STRING padding bits not zero'],
    ['030207ff', 'every padding bit set (X.690 §11.2.1)', 'BIT STRING padding bits not zero'],
    ['03020080', 'trailing zero bits kept: digitalSignature with 0 unused (X.690 §11.2.2)', 'named bit list has trailing zero bits'],
    ['0303010600', 'a trailing zero octet (X.690 §11.2.2)', 'named bit list has trailing zero bits'],
    ['03020880', 'unused bits 8 (X.690 §8.6.2.2: 0–7)', 'BIT STRING unused bits > 7'],
    ['030107', 'unused bits in an empty bit string (X.690 §8.6.2.3)', 'empty BIT STRING with unused bits'],
    ['0300', 'no unused-bits octet (X.690 §8.6.2.2)', 'BIT STRING without unused-bits octet'],
    ['030100', 'no bit set (RFC 5280 §4.2.1.3: at least one bit MUST be 1)', 'no bit set'],
    ['030407800080', 'bits past decipherOnly (RFC 5280 §4.2.1.3 names 9)', 'more bits than named'],
    ['0403020780', 'an OCTET STRING instead of a BIT STRING', 'not a BIT STRING'],
  ])('refuses keyUsage %s: %s', async (bits, _clause, reason) => {
    const der = await withKeyUsage(bits);
    expect(refusal(() => parseCertificate(der))).toEqual(malformed(reason));
  });
});

describe('the same reader on every other BIT STRING of the certificate', () => {
  it('signatureValue: a padding bit set (X.690 §11.2.1)', async () => {
    const der = await buildCertificate({ signatureContent: (s) => Uint8Array.from([1, ...s.subarray(1, -1), s[s.length - 1]! | 1]) });
    expect(refusal(() => parseCertificate(der))).toEqual(malformed('BIT STRING padding bits not zero'));
  });

  it('signatureValue: unused bits 8 (X.690 §8.6.2.2), or zero padding that is not whole octets (RFC 5280 §4.1.1.3)', async () => {
    const unused8 = await buildCertificate({ signatureContent: (s) => Uint8Array.from([8, ...s.subarray(1)]) });
    expect(refusal(() => parseCertificate(unused8))).toEqual(malformed('BIT STRING unused bits > 7'));
    const notWhole = await buildCertificate({ signatureContent: (s) => Uint8Array.from([1, ...s.subarray(1, -1), s[s.length - 1]! & 0xfe]) });
    expect(refusal(() => parseCertificate(notWhole))).toEqual(malformed('BIT STRING not whole octets'));
  });

  it('subjectPublicKey: unused-bits octet 8 inside the SPKI (X.690 §8.6.2.2)', async () => {
    const der = await buildCertificate();
    const at = findSpkiBitString(der);
    const bad = der.slice();
    bad[at] = 8;
    expect(refusal(() => parseCertificate(bad))).toEqual(malformed('BIT STRING unused bits > 7'));
  });
});

/** Offset of the unused-bits octet of the P-256 SPKI's BIT STRING (03 42 00 04 …). */
function findSpkiBitString(der: Uint8Array): number {
  for (let i = 0; i + 3 < der.length; i++) if (der[i] === 0x03 && der[i + 1] === 0x42 && der[i + 2] === 0 && der[i + 3] === 4) return i + 2;
  throw new Error('SPKI not found');
}
