/**
 * Our certificate field reader (src/x509/fields.ts) against pkijs as an independent oracle, on every
 * real certificate we have (x5c and trust anchors of fixtures/webauthn, SafetyNet JWS
 * chains, the known roots) and on generated ones: version, subject, issuer, validity and extensions
 * must come out the same. Plus the field-level refusals pkijs does not make: wherever we refuse a
 * certificate pkijs reads, the refusal must be one of the rules named in STRICTER_THAN_PKIJS.
 */
import * as asn1js from 'asn1js';
import fc from 'fast-check';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { KNOWN_ROOTS } from '../../src/x509/roots.js';
import { decodeCbor, type CborMap } from '../../src/cbor/decode.js';
import { createAttestationChain, generateTestKeyPair, issueTestCertificate } from '../../src/testing/certificates.js';
import { parseCertificate, type ParsedCertificate } from '../../src/x509/certificate.js';
import { decodeOid, readTime } from '../../src/x509/fields.js';
import { pemCertificates } from '../../src/x509/pem.js';
import { buildCertificate, ECDSA_SHA384, extension, hex, OID_BASIC_CONSTRAINTS, OID_KEY_USAGE, tlv } from '../attacks/x509-der-builder.js';
import { loadWebAuthnVectors } from '../helpers/fixtures.js';

/**
 * Every rule by which we refuse a certificate that pkijs (asn1js: BER, lenient text, no profile
 * checks) reads, keyed by the error's details.reason (or message when it has none), with the
 * clause. A refusal of a pkijs-readable certificate outside this table fails the differential.
 */
const STRICTER_THAN_PKIJS: Readonly<Record<string, string>> = {
  // X.690 DER (§10, §11) where asn1js takes BER
  'non-minimal length': 'X.690 §10.1 minimal length octets',
  'indefinite length': 'X.690 §10.1 definite form',
  'length too large': 'X.690 §10.1 (and our 4-octet length bound)',
  'trailing bytes': 'X.690 §10 one element, no trailing bytes',
  'content exceeds enclosing element': 'X.690 §8.1.1 (inside extension values pkijs parses leniently)',
  'truncated header': 'X.690 §8.1.1 (inside extension values pkijs parses leniently)',
  'truncated length': 'X.690 §8.1.3 (inside extension values pkijs parses leniently)',
  'high tag number form': 'RFC 5280 profile: no tag ≥ 31 in a certificate',
  'constructed universal type': 'X.690 §10.2 primitive strings',
  'nesting too deep': 'our 32-level DER depth limit',
  'BOOLEAN not DER': 'X.690 §11.1 BOOLEAN TRUE is FF',
  'NULL with content': 'X.690 §8.8.2',
  'empty INTEGER': 'X.690 §8.3.1',
  'non-minimal INTEGER': 'X.690 §8.3.2',
  'negative INTEGER': 'RFC 5280 §4.2.1.9 pathLenConstraint 0..MAX',
  'INTEGER out of range': 'our pathLenConstraint bound 2^31 − 1',
  'BIT STRING without unused-bits octet': 'X.690 §8.6.2.2',
  'BIT STRING unused bits > 7': 'X.690 §8.6.2.2',
  'empty BIT STRING with unused bits': 'X.690 §8.6.2.3',
  'BIT STRING padding bits not zero': 'X.690 §11.2.1',
  'BIT STRING not whole octets': 'RFC 5280 §4.1.1.3 / §4.1.2.7: signatures and keys are octet strings',
  'named bit list has trailing zero bits': 'X.690 §11.2.2',
  'non-minimal OID arc': 'X.690 §8.19.2',
  'truncated OID arc': 'X.690 §8.19.2',
  'OID arc too large': 'our OID arc bound (2^53 / 128)',
  // RFC 5280 §4.1 structure, where pkijs's schema match is looser (e.g. inside extension lists)
  'outer SEQUENCE': 'RFC 5280 §4.1 Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, BIT STRING }',
  'tbs field N': 'RFC 5280 §4.1 TBSCertificate field types and order',
  'Validity': 'RFC 5280 §4.1.2.5 Validity ::= SEQUENCE { notBefore, notAfter }',
  'Name': 'RFC 5280 §4.1.2.4 Name ::= SEQUENCE OF RelativeDistinguishedName',
  'RelativeDistinguishedName': 'RFC 5280 §4.1.2.4 RDN ::= SET',
  'empty RelativeDistinguishedName': 'RFC 5280 §4.1.2.4 SET SIZE (1..MAX)',
  'AttributeTypeAndValue': 'RFC 5280 §4.1.2.4 SEQUENCE { type, value }',
  'OBJECT IDENTIFIER': 'X.690 §8.19 (tag 06, at least one octet)',
  'extensions': 'RFC 5280 §4.1 extensions [3] EXPLICIT SEQUENCE',
  'Extension': 'RFC 5280 §4.1 Extension ::= SEQUENCE { extnID, critical, extnValue }',
  'Extension value': 'RFC 5280 §4.1 extnValue OCTET STRING',
  'not an INTEGER': 'X.690 §8.3 (an INTEGER where the profile has one)',
  // RFC 5280 profile checks pkijs does not make
  'signatureAlgorithm != tbs.signature': 'RFC 5280 §4.1.1.2',
  'Certificate version unsupported': 'RFC 5280 §4.1.2.1 version v2/v3 (v1 omitted, DEFAULT)',
  'version': 'RFC 5280 §4.1.2.1 version is one INTEGER',
  'tbs trailing field': 'RFC 5280 §4.1 field order; unique ids v2/v3 only (§4.1.2.8)',
  'Extensions in a non-v3 certificate': 'RFC 5280 §4.1.2.9',
  'Duplicate certificate extension': 'RFC 5280 §4.2',
  'empty extensions': 'RFC 5280 §4.1 SIZE (1..MAX)',
  'Extension critical': 'RFC 5280 §4.1 critical is a BOOLEAN',
  'serialNumber too long': 'RFC 5280 §4.1.2.2 (our 32-octet bound; CAs: 20)',
  'validity time format': 'RFC 5280 §4.1.2.5.1–2',
  'validity time out of range': 'RFC 5280 §4.1.2.5 (a calendar date and time)',
  'name string does not decode': 'X.520 / RFC 5280 §4.1.2.4: strings decode (fatal UTF-8, UCS-2, UCS-4)',
  'UniversalString length': 'X.680 UniversalString is UCS-4',
  // the extension values we read (pkijs keeps a value it cannot parse as raw bytes)
  'not a SEQUENCE': 'RFC 5280 §4.2.1.9 BasicConstraints ::= SEQUENCE',
  'unexpected fields': 'RFC 5280 §4.2.1.9 BasicConstraints { cA, pathLenConstraint }',
  'not a BIT STRING': 'RFC 5280 §4.2.1.3 KeyUsage ::= BIT STRING',
  'no bit set': 'RFC 5280 §4.2.1.3 at least one bit',
  'more bits than named': 'RFC 5280 §4.2.1.3 nine named bits',
};

function refusalRule(e: unknown): string {
  const err = e as { message?: string; details?: { reason?: unknown } };
  const rule = typeof err.details?.reason === 'string' ? err.details.reason : String(err.message);
  return rule.replace(/^tbs field \d$/, 'tbs field N');
}

function pkijsReads(der: Uint8Array): boolean {
  try {
    oracle(der);
    return true;
  } catch {
    return false;
  }
}

/** What pkijs reads from the same bytes, in ParsedCertificate's shape. */
function oracle(der: Uint8Array) {
  const cert = new pkijs.Certificate({ schema: asn1js.fromBER(der.slice().buffer).result });
  const name = (rdns: pkijs.RelativeDistinguishedNames) =>
    rdns.typesAndValues.map((tv) => {
      const block = tv.value as { valueBlock?: { value?: unknown; valueHexView?: Uint8Array } };
      const v = block.valueBlock?.value;
      return { oid: tv.type, value: typeof v === 'string' ? v : '#' + Buffer.from(block.valueBlock?.valueHexView ?? []).toString('hex') };
    });
  return {
    version: cert.version + 1,
    subject: name(cert.subject),
    issuer: name(cert.issuer),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
    extensions: (cert.extensions ?? []).map((e) => [e.extnID, e.critical === true, Buffer.from(e.extnValue.valueBlock.valueHexView).toString('hex')]),
  };
}

function ours(p: ParsedCertificate) {
  return {
    version: p.version,
    subject: p.subject.map((a) => ({ ...a })),
    issuer: p.issuer.map((a) => ({ ...a })),
    notBefore: p.notBefore.toISOString(),
    notAfter: p.notAfter.toISOString(),
    extensions: [...p.extensions].map(([id, e]) => [id, e.critical, Buffer.from(e.value).toString('hex')]),
  };
}

/** Every certificate the shared vectors carry: x5c (CBOR attStmt or SafetyNet JWS header) and anchors. */
function sharedCertificates(): Array<[string, Uint8Array]> {
  const out: Array<[string, Uint8Array]> = [];
  for (const c of loadWebAuthnVectors()) {
    for (const [i, pem] of (c.trustAnchors ?? []).entries()) {
      for (const der of pemCertificates(pem, i)) out.push([`${c.id} anchor ${i}`, der]);
    }
    const ao = c.response?.response?.attestationObject;
    if (typeof ao !== 'string') continue;
    const attStmt = (decodeCbor(Buffer.from(ao, 'base64url')) as CborMap).get('attStmt') as CborMap;
    const x5c = attStmt.get('x5c');
    if (Array.isArray(x5c)) x5c.forEach((d, i) => out.push([`${c.id} x5c ${i}`, d as Uint8Array]));
    const jws = attStmt.get('response');
    if (jws instanceof Uint8Array) {
      const header = JSON.parse(Buffer.from(Buffer.from(jws).toString('latin1').split('.')[0]!, 'base64url').toString('utf8'));
      (header.x5c ?? []).forEach((b: string, i: number) => out.push([`${c.id} jws x5c ${i}`, new Uint8Array(Buffer.from(b, 'base64'))]));
    }
  }
  return out;
}

describe('certificate fields: ours = pkijs on every real certificate', () => {
  const certs = sharedCertificates();
  it('finds a real corpus (all formats that carry certificates)', () => {
    expect(certs.length).toBeGreaterThan(40);
  });
  it.each(certs)('%s', (_name, der) => {
    expect(ours(parseCertificate(der))).toEqual(oracle(der));
  });
});

describe('certificate fields: ours = pkijs on known roots and generated certificates', () => {
  it.each(KNOWN_ROOTS.map((r) => [r.name, r.pem] as const))('%s', (_name, pem) => {
    const der = pemCertificates(pem)[0]!;
    expect(ours(parseCertificate(der))).toEqual(oracle(der));
  });

  it('generated chains (every leaf key type), v1 certificates and GeneralizedTime after 2049', async () => {
    for (const leafKeyAlg of ['ES256', 'ES384', 'ES512', 'RS256', 'PS256', 'Ed25519'] as const) {
      const chain = await createAttestationChain({ leafKeyAlg, aaguid: new Uint8Array(16).fill(3) });
      for (const der of [...chain.x5c, chain.root.der]) expect(ours(parseCertificate(der))).toEqual(oracle(der));
    }
    const k = await generateTestKeyPair('ES256');
    const v1 = await issueTestCertificate({
      subject: [['CN', 'ünïcödé ✓'], ['O', 'Test']], publicKey: k.publicKey, signingKey: k.privateKey,
      notBefore: new Date('2049-12-31T23:59:59Z'), notAfter: new Date('2050-01-01T00:00:00Z'), version: 1,
    });
    const parsed = parseCertificate(v1.der);
    expect(parsed.version).toBe(1);
    expect(parsed.subject[0]).toEqual({ oid: '2.5.4.3', value: 'ünïcödé ✓' });
    expect(parsed.notAfter.toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(ours(parsed)).toEqual(oracle(v1.der));
  });
});

describe('certificate fields: ours = pkijs under mutation', () => {
  it('property: a mutated certificate we accept reads the same in pkijs (names, validity, extensions)', async () => {
    const chain = await createAttestationChain({ aaguid: new Uint8Array(16).fill(9) });
    const seeds = [...chain.x5c, chain.root.der, ...KNOWN_ROOTS.map((r) => pemCertificates(r.pem)[0]!)];
    let compared = 0;
    const stricter = new Map<string, number>();
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.nat(), fc.integer({ min: 1, max: 255 }), (which, pos, xor) => {
        const der = seeds[which]!.slice();
        der[pos % der.length]! ^= xor;
        let mine: ParsedCertificate;
        try {
          mine = parseCertificate(der);
        } catch (e) {
          expect((e as { code?: string }).code).toBe('ERR_X509_MALFORMED');
          if (pkijsReads(der)) {
            // we refuse what pkijs reads: only by a named rule
            const rule = refusalRule(e);
            expect(Object.keys(STRICTER_THAN_PKIJS), `unnamed stricter-than-pkijs rule: ${rule}`).toContain(rule);
            stricter.set(rule, (stricter.get(rule) ?? 0) + 1);
          }
          return;
        }
        let theirs: ReturnType<typeof oracle>;
        try {
          theirs = oracle(der);
        } catch {
          return; // pkijs refuses what we accept: possible only where we are more lenient; none seen
        }
        compared++;
        // A value whose type a flipped tag made a non-string is ours to show as '#<hex>' (RFC 4514
        // style); pkijs shows such values in various ways. Everything else must agree exactly.
        const a = ours(mine);
        for (const k of ['subject', 'issuer'] as const) {
          a[k].forEach((x, i) => {
            if (x.value.startsWith('#') && theirs[k][i] !== undefined) theirs[k][i]!.value = x.value;
          });
        }
        expect(a).toEqual(theirs);
      }),
      { numRuns: 3000 },
    );
    expect(compared).toBeGreaterThan(100);
    expect(stricter.size).toBeGreaterThan(5); // the named rules are exercised, not just listed
  }, 60_000);
});

describe('certificate fields: the rules where we are stricter than pkijs, one hand-built certificate each', () => {
  const keyUsage = (bits: string) => ({ extensions: [extension(OID_KEY_USAGE, true, hex(bits))] });
  const basicConstraints = (value: string) => ({ extensions: [extension(OID_BASIC_CONSTRAINTS, true, hex(value))] });
  const cases: Array<[string, Parameters<typeof buildCertificate>[0]]> = [
    ['BIT STRING padding bits not zero', keyUsage('03020704')], // keyCertSign only in the padding
    ['named bit list has trailing zero bits', keyUsage('03020080')],
    ['no bit set', keyUsage('030100')],
    ['non-minimal INTEGER', basicConstraints('30070101ff02020000')], // pathLen 0 in BER
    ['negative INTEGER', basicConstraints('30060101ff0201ff')],
    ['BIT STRING not whole octets', { signatureContent: (s) => Uint8Array.from([1, ...s.subarray(1, -1), s[s.length - 1]! & 0xfe]) }],
    ['serialNumber too long', { serial: tlv(0x02, hex('7f'.repeat(33))) }],
    ['signatureAlgorithm != tbs.signature', { outerAlgorithm: ECDSA_SHA384 }],
  ];
  it.each(cases)('%s: pkijs reads it, we refuse it by that named rule', async (rule, parts) => {
    expect(STRICTER_THAN_PKIJS[rule]).toBeDefined();
    const der = await buildCertificate(parts);
    expect(pkijsReads(der)).toBe(true);
    let refusal: unknown;
    try {
      parseCertificate(der);
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toMatchObject({ code: 'ERR_X509_MALFORMED' });
    expect(refusalRule(refusal)).toBe(rule);
  });

  it('positive control: the same builder with DER values reads the same in both', async () => {
    const der = await buildCertificate({ extensions: [extension(OID_KEY_USAGE, true, hex('03020106')), extension(OID_BASIC_CONSTRAINTS, true, hex('30060101ff020100'))] });
    expect(ours(parseCertificate(der))).toEqual(oracle(der));
  });
});

describe('certificate field reader: the profile', () => {
  const tlv = (tag: number, text: string) => {
    const b = new TextEncoder().encode(text);
    return { bytes: new Uint8Array([tag, b.length, ...b]), t: { tag, start: 0, contentStart: 2, end: 2 + b.length } };
  };
  it('reads UTCTime (1950–2049) and GeneralizedTime in the RFC 5280 form', () => {
    const t = (tag: number, s: string) => {
      const { bytes, t: x } = tlv(tag, s);
      return readTime(bytes, x).toISOString();
    };
    expect(t(0x17, '500101000000Z')).toBe('1950-01-01T00:00:00.000Z');
    expect(t(0x17, '491231235959Z')).toBe('2049-12-31T23:59:59.000Z');
    expect(t(0x18, '20500101000000Z')).toBe('2050-01-01T00:00:00.000Z');
    expect(t(0x17, '240229120000Z')).toBe('2024-02-29T12:00:00.000Z');
  });
  it.each([
    [0x17, '2401011200Z', 'no seconds'],
    [0x17, '240101120000+0100', 'offset instead of Z'],
    [0x18, '20240101120000.5Z', 'fractional seconds'],
    [0x17, '240230120000Z', 'February 30'],
    [0x17, '241301120000Z', 'month 13'],
    [0x17, '240101246000Z', 'hour 24'],
    [0x17, '24010112000AZ', 'letter'],
    [0x04, '240101120000Z', 'not a time type'],
  ])('refuses %s %s (%s)', (tag, text) => {
    const { bytes, t } = tlv(tag, text);
    expect(() => readTime(bytes, t)).toThrow(expect.objectContaining({ code: 'ERR_X509_MALFORMED' }));
  });
  it('decodes OIDs and refuses non-minimal or truncated arcs', () => {
    const oid = (...b: number[]) => decodeOid(new Uint8Array([0x06, b.length, ...b]), { tag: 0x06, start: 0, contentStart: 2, end: 2 + b.length });
    expect(oid(0x55, 0x04, 0x03)).toBe('2.5.4.3');
    expect(oid(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02)).toBe('1.2.840.10045.4.3.2');
    expect(oid(0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x01, 0x11)).toBe('1.3.6.1.4.1.11129.2.1.17');
    expect(oid(0x88, 0x37)).toBe('2.999');
    expect(() => oid(0x55, 0x80, 0x04)).toThrow(expect.objectContaining({ code: 'ERR_X509_MALFORMED' }));
    expect(() => oid(0x55, 0x84)).toThrow(expect.objectContaining({ code: 'ERR_X509_MALFORMED' }));
  });
  it('property: OID round trip against an encoder', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(fc.nat({ max: 2 ** 40 }), { maxLength: 8 }), (a, b, rest) => {
        const arcs = [a, b, ...rest];
        const enc = (n: number) => {
          const out = [n % 128];
          for (let m = Math.floor(n / 128); m > 0; m = Math.floor(m / 128)) out.unshift((m % 128) | 0x80);
          return out;
        };
        const body = [...enc(a * 40 + b), ...rest.flatMap(enc)];
        const bytes = new Uint8Array([0x06, body.length, ...body]);
        expect(decodeOid(bytes, { tag: 0x06, start: 0, contentStart: 2, end: bytes.length })).toBe(arcs.join('.'));
      }),
    );
  });
});
