/**
 * Issue 11 finding 7: validity times and serial numbers (RFC 5280 §4.1.2.5, §4.1.2.2).
 *
 * Refused: any time that is not exactly UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ
 * (§4.1.2.5.1–2: Zulu, seconds, no fractions), serial numbers that are not DER (X.690 §8.3) or
 * longer than 32 octets.
 *
 * Accepted on purpose, with the real certificates that need it (docs/security.md, "Where we are
 * more lenient than the spec"): GeneralizedTime before 2050 (§4.1.2.5 binds CAs; FIDO-certified
 * roots from Feitian, GoTrust, Hyper FIDO and KEY-ID use it, and so do x5c chains in the WebAuthn
 * vectors that must verify), and zero or negative serials (§4.1.2.2: "Certificate users SHOULD be
 * prepared to gracefully handle such certificates"; real roots in FIDO MDS have both), and values
 * of 21 octets (§4.1.2.2 caps CAs at 20; the ESS roots in FIDO MDS carry 21).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCbor, type CborMap } from '../../src/cbor/decode.js';
import { MAX_SERIAL_OCTETS, parseCertificate } from '../../src/x509/certificate.js';
import { parseTrustAnchors } from '../../src/x509/pem.js';
import { fixturePath, loadWebAuthnVectors } from '../helpers/fixtures.js';
import { ascii, buildCertificate, hex, refusal, tlv } from './x509-der-builder.js';

const malformed = (reason: string) => ({ code: 'ERR_X509_MALFORMED', reason });

describe('validity Time formats (RFC 5280 §4.1.2.5.1–2)', () => {
  it('positive: UTCTime and GeneralizedTime in the exact profile', async () => {
    const cert = parseCertificate(await buildCertificate({ notBefore: ascii(0x17, '500101000000Z'), notAfter: ascii(0x18, '20500101000000Z') }));
    expect(cert.notBefore.toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(cert.notAfter.toISOString()).toBe('2050-01-01T00:00:00.000Z');
  });

  it.each([
    [0x17, '2401010000Z', 'UTCTime without seconds (§4.1.2.5.1: seconds MUST be present)'],
    [0x17, '240101000000', 'UTCTime without Z (§4.1.2.5.1: Zulu)'],
    [0x17, '240101000000z', 'UTCTime with a lower-case z (§4.1.2.5.1: "Z")'],
    [0x17, '240101000000+0000', 'UTCTime with an offset (§4.1.2.5.1: Zulu)'],
    [0x17, '240101000000.5Z', 'UTCTime with fractions (§4.1.2.5.1)'],
    [0x18, '205001010000Z', 'GeneralizedTime without seconds (§4.1.2.5.2)'],
    [0x18, '20500101000000.0Z', 'GeneralizedTime with fractional seconds (§4.1.2.5.2: MUST NOT)'],
    [0x18, '20500101000000+0100', 'GeneralizedTime with an offset (§4.1.2.5.2: Zulu)'],
    [0x18, '500101000000Z', 'GeneralizedTime with a two-digit year (§4.1.2.5.2: YYYY)'],
    [0x18, '+2050101000000Z', 'a sign in the digits'],
    [0x17, '240230000000Z', 'February 30'],
    [0x17, '240101240000Z', 'hour 24'],
    [0x17, '240101235960Z', 'second 60'],
    [0x13, '240101000000Z', 'a PrintableString, not a Time'],
  ])('refuses notBefore %#: %s (%s)', async (tag, text) => {
    const der = await buildCertificate({ notBefore: ascii(tag, text) });
    expect(refusal(() => parseCertificate(der))).toEqual(malformed(expect.stringMatching(/^validity time (format|out of range)$/)));
  });

  it('lenient on purpose: GeneralizedTime before 2050 reads as the same instant as UTCTime', async () => {
    const generalized = parseCertificate(await buildCertificate({ notBefore: ascii(0x18, '20240912161714Z') }));
    const utc = parseCertificate(await buildCertificate({ notBefore: ascii(0x17, '240912161714Z') }));
    expect(generalized.notBefore.toISOString()).toBe('2024-09-12T16:17:14.000Z');
    expect(generalized.notBefore).toEqual(utc.notBefore);
  });
});

describe('serialNumber (RFC 5280 §4.1.2.2)', () => {
  it.each([
    ['020101', '01'],
    ['020100', '00'], // zero: lenient on purpose
    ['0201ff', 'ff'], // negative: lenient on purpose
    [`0215 00${'ff'.repeat(20)}`, `00${'ff'.repeat(20)}`], // the largest 20-octet value
    [`0216 00${'aa'.repeat(21)}`, `00${'aa'.repeat(21)}`], // a 21-octet value, as real ESS roots have
  ])('accepts %s', async (serial, expected) => {
    const cert = parseCertificate(await buildCertificate({ serial: hex(serial) }));
    expect(cert.serialNumberHex).toBe(expected);
  });

  it(`refuses more than ${MAX_SERIAL_OCTETS} content octets (our bound; §4.1.2.2 caps CAs at 20)`, async () => {
    const atBound = await buildCertificate({ serial: tlv(0x02, hex('7f'.repeat(MAX_SERIAL_OCTETS))) });
    expect(parseCertificate(atBound).serialNumberHex).toBe('7f'.repeat(MAX_SERIAL_OCTETS));
    const over = await buildCertificate({ serial: tlv(0x02, hex('7f'.repeat(MAX_SERIAL_OCTETS + 1))) });
    expect(refusal(() => parseCertificate(over))).toEqual(malformed('serialNumber too long'));
  });

  it('refuses non-DER serials (X.690 §8.3.1–2)', async () => {
    for (const [serial, reason] of [['02020001', 'non-minimal INTEGER'], ['0202ff80', 'non-minimal INTEGER'], ['0200', 'empty INTEGER']] as const) {
      const der = await buildCertificate({ serial: hex(serial) });
      expect(refusal(() => parseCertificate(der))).toEqual(malformed(reason));
    }
  });
});

/** The real certificates behind the two lenient decisions, from fixtures/ (copies of ../shared/vectors). */
function mdsRootCertificates(): Array<[string, Uint8Array]> {
  const jwt = readFileSync(fixturePath('mds', 'mds3-blob-no20-2022-10.jwt'), 'utf8').trim();
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
  return payload.entries.flatMap((e: { metadataStatement: { description: string; attestationRootCertificates: string[] } }) =>
    e.metadataStatement.attestationRootCertificates.map((b64, i) => [`${e.metadataStatement.description} #${i}`, new Uint8Array(Buffer.from(b64, 'base64'))]),
  );
}

function x5cOf(id: string): Uint8Array[] {
  const c = loadWebAuthnVectors().find((v) => v.id === id)!;
  const ao = decodeCbor(Buffer.from(c.response!.response!.attestationObject as string, 'base64url')) as CborMap;
  return (ao.get('attStmt') as CborMap).get('x5c') as Uint8Array[];
}

const hasGeneralizedBefore2050 = (der: Uint8Array) => /\x18\x0f(19\d\d|20[0-4]\d)\d{10}Z/.test(Buffer.from(der).toString('latin1'));

describe('evidence: real certificates that need the lenient decisions still parse', () => {
  it('FIDO MDS roots with GeneralizedTime before 2050 (Feitian ePass FIDO2-NFC, GoTrust Idem Key, Hyper FIDO Bio, KEY-ID)', () => {
    const hits = mdsRootCertificates().filter(([, der]) => hasGeneralizedBefore2050(der));
    expect(hits.map(([name]) => name.split(' ')[0])).toEqual(expect.arrayContaining(['Feitian', 'GoTrust', 'Hyper', 'KEY-ID']));
    for (const [, der] of hits) expect(refusal(() => parseCertificate(der))).toBe('accepted');
  });

  it('WebAuthn vectors that must verify carry GeneralizedTime before 2050 in x5c', () => {
    for (const id of ['swa-packed-aaguid-ext-match-reg', 'swa-tpm-aaguid-ext-match-reg']) {
      const leaf = x5cOf(id)[0]!;
      expect(hasGeneralizedBefore2050(leaf)).toBe(true);
      expect(parseCertificate(leaf).notBefore.getUTCFullYear()).toBe(2024);
    }
  });

  it('FIDO MDS roots with zero, negative and 21-octet serials', () => {
    const serials = mdsRootCertificates().flatMap(([name, der]) => {
      try {
        return [[name, parseCertificate(der).serialNumberHex] as const];
      } catch {
        return []; // one MDS root (ATKey.Pro #1) is refused for a non-DER BOOLEAN, as before
      }
    });
    expect(serials.filter(([, s]) => s === '00').length).toBeGreaterThanOrEqual(1);
    expect(serials.some(([, s]) => parseInt(s.slice(0, 2), 16) >= 0x80)).toBe(true);
    expect(serials.some(([, s]) => s.length === 44)).toBe(true);
  });

  it('trust anchors fed from MDS load: the negative-serial ATKey.Hello root and the zero-serial roots', () => {
    const roots = mdsRootCertificates().filter(([name]) => name.startsWith('ATKey.Hello') || name.startsWith('Android Authenticator with SafetyNet'));
    const anchors = parseTrustAnchors(roots.map(([, der]) => der));
    expect(anchors).toHaveLength(roots.length);
    expect(anchors.some((a) => a.serialNumberHex === '00')).toBe(true);
    expect(anchors.some((a) => a.serialNumberHex.startsWith('f2'))).toBe(true);
  });
});
