import { describe, expect, it } from 'vitest';
import { createTpmVerifier, verifyTpm } from '../../../src/attestation/tpm/tpm.js';
import { checkAikCertificate, parseTpmSubjectAltName } from '../../../src/attestation/tpm/certificate.js';
import { checkAaguidExtension } from '../../../src/attestation/certificate-checks.js';
import { isKnownTpmVendor, parseTpmManufacturer, TPM_VENDORS } from '../../../src/attestation/tpm/vendors.js';
import { parseTpmsAttest } from '../../../src/attestation/tpm/structures.js';
import { parseCertificate, type ParsedCertificate } from '../../../src/x509/certificate.js';
import type { CborMap } from '../../../src/cbor/decode.js';
import { DEFAULT_POLICY, registrationCases, vectorAttestation, withField } from '../../helpers/attestation-vectors.js';

const BASE = 'swa-tpm-san-spec-compliant-reg';
const ES256_CASE = 'swa-tpm-aaguid-ext-match-reg';

function load(id: string) {
  const c = registrationCases('tpm').find((x) => x.id === id);
  if (!c) throw new Error(`missing vector ${id}`);
  return vectorAttestation(c);
}
const bytes = (m: CborMap, k: string) => (m.get(k) as Uint8Array).slice();
const x5c = (m: CborMap) => m.get('x5c') as Uint8Array[];

describe('tpm: real vectors', () => {
  for (const c of registrationCases('tpm')) {
    it(`${c.id} → ${c.result.verified ? 'verified' : 'rejected'}`, async () => {
      const { attStmt, ctx } = vectorAttestation(c);
      if (c.id === 'w3c-tpm-es256-reg') {
        // The W3C vector's manufacturer "id:00000000" is well-formed but not a registered TCG vendor:
        // accepted by default (L3 requires only the EK-profile form), refused under tpmRequireKnownVendor.
        await expect(verifyTpm(attStmt, { ...ctx, policy: { ...ctx.policy, tpmRequireKnownVendor: true } })).rejects.toMatchObject({
          code: 'ERR_ATTESTATION_TPM_VENDOR_UNKNOWN',
        });
      }
      expect(c.result.verified).toBe(true);
      const r = await verifyTpm(attStmt, ctx);
      expect(r.fmt).toBe('tpm');
      expect(r.type).toBe(c.result.verified ? c.result.attestationType : undefined);
      expect(r.trustPath.length).toBe(x5c(attStmt).length);
      expect(r.trusted).toBe(c.trustAnchors !== undefined);
    });
  }

  it('is trusted when the chain reaches a configured anchor (the intermediate as anchor)', async () => {
    const { attStmt, ctx } = load(BASE);
    const anchor = parseCertificate(x5c(attStmt)[1]!);
    const r = await verifyTpm(attStmt, { ...ctx, trustAnchors: [anchor] });
    expect(r.trusted).toBe(true);
  });

  it('rejects a chain that does not reach the configured anchors', async () => {
    const { attStmt, ctx } = load(BASE);
    const other = parseCertificate(x5c(load('swa-tpm-san-nonstandard-reg').attStmt)[1]!);
    await expect(verifyTpm(attStmt, { ...ctx, trustAnchors: [other] })).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_X509_/),
    });
  });
});

describe('tpm: statement shape', () => {
  const cases: Array<[string, (m: CborMap) => CborMap]> = [
    ['ver 1.0', (m) => withField(m, 'ver', '1.0')],
    ['ver missing', (m) => withField(m, 'ver', undefined)],
    ['alg text', (m) => withField(m, 'alg', 'RS256')],
    ['sig missing', (m) => withField(m, 'sig', undefined)],
    ['sig empty', (m) => withField(m, 'sig', new Uint8Array())],
    ['certInfo text', (m) => withField(m, 'certInfo', 'x')],
    ['pubArea missing', (m) => withField(m, 'pubArea', undefined)],
    ['ecdaaKeyId present', (m) => withField(m, 'ecdaaKeyId', new Uint8Array(32))],
    ['unknown key', (m) => withField(m, 'extra', 1)],
  ];
  for (const [name, mutate] of cases) {
    it(`rejects ${name}`, async () => {
      const { attStmt, ctx } = load(BASE);
      await expect(verifyTpm(mutate(attStmt), ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_STATEMENT_INVALID' });
    });
  }
  it('rejects a non-map statement and missing / empty x5c', async () => {
    const { attStmt, ctx } = load(BASE);
    await expect(verifyTpm([] as never, ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_STATEMENT_INVALID' });
    await expect(verifyTpm(withField(attStmt, 'x5c', undefined), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_STATEMENT_INVALID',
    });
    await expect(verifyTpm(withField(attStmt, 'x5c', []), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_STATEMENT_INVALID',
    });
  });
});

describe('tpm: generated faults (SECURITY-CHECKLIST tpm items)', () => {
  it('certInfo.magic changed → ERR_ATTESTATION_TPM_MAGIC (before the signature check)', async () => {
    const { attStmt, ctx } = load(BASE);
    const ci = bytes(attStmt, 'certInfo');
    ci[3] ^= 0x01;
    await expect(verifyTpm(withField(attStmt, 'certInfo', ci), ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_TPM_MAGIC' });
  });

  it('certInfo.type changed → ERR_ATTESTATION_TPM_ATTEST_TYPE', async () => {
    const { attStmt, ctx } = load(BASE);
    const ci = bytes(attStmt, 'certInfo');
    ci[5] = 0x18;
    await expect(verifyTpm(withField(attStmt, 'certInfo', ci), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_TPM_ATTEST_TYPE',
    });
  });

  it('certInfo truncated or extended → ERR_ATTESTATION_TPM_INVALID_STRUCTURE', async () => {
    const { attStmt, ctx } = load(BASE);
    const ci = bytes(attStmt, 'certInfo');
    await expect(verifyTpm(withField(attStmt, 'certInfo', ci.subarray(0, ci.length - 1)), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_TPM_INVALID_STRUCTURE',
    });
    await expect(verifyTpm(withField(attStmt, 'certInfo', new Uint8Array([...ci, 0])), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_TPM_INVALID_STRUCTURE',
    });
  });

  it('extraData ≠ hash(attToBeSigned) → ERR_ATTESTATION_TPM_EXTRA_DATA_MISMATCH', async () => {
    const { attStmt, ctx } = load(BASE);
    const other = ctx.clientDataHash.slice();
    other[0] ^= 0xff;
    await expect(verifyTpm(attStmt, { ...ctx, clientDataHash: other })).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_TPM_EXTRA_DATA_MISMATCH',
    });
  });

  it('extraData computed with the wrong hash (alg says RS256, statement made with RS1) → mismatch', async () => {
    const { attStmt, ctx } = load(BASE); // an RS1 (SHA-1) statement
    expect(attStmt.get('alg')).toBe(-65535);
    await expect(verifyTpm(withField(attStmt, 'alg', -257), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_TPM_EXTRA_DATA_MISMATCH',
    });
  });

  it('pubArea.unique ≠ credential key → ERR_ATTESTATION_KEY_MISMATCH', async () => {
    const { attStmt, ctx } = load(BASE);
    const pa = bytes(attStmt, 'pubArea');
    pa[pa.length - 1] ^= 0x01; // last byte of the modulus
    await expect(verifyTpm(withField(attStmt, 'pubArea', pa), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_KEY_MISMATCH',
    });
  });

  it('pubArea ECC unique.y changed → ERR_ATTESTATION_KEY_MISMATCH', async () => {
    const { attStmt, ctx } = load(ES256_CASE);
    const pa = bytes(attStmt, 'pubArea');
    pa[pa.length - 1] ^= 0x01;
    await expect(verifyTpm(withField(attStmt, 'pubArea', pa), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_KEY_MISMATCH',
    });
  });

  it('credential key of another type → ERR_ATTESTATION_KEY_MISMATCH', async () => {
    const { attStmt } = load(BASE);
    const { ctx: ecCtx } = load(ES256_CASE);
    const { ctx } = load(BASE);
    await expect(verifyTpm(attStmt, { ...ctx, credentialKey: ecCtx.credentialKey })).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_KEY_MISMATCH',
    });
  });

  it('pubArea changed outside the key (objectAttributes) → ERR_ATTESTATION_TPM_NAME_MISMATCH', async () => {
    const { attStmt, ctx } = load(BASE);
    const pa = bytes(attStmt, 'pubArea');
    pa[7] ^= 0x01; // objectAttributes low byte
    await expect(verifyTpm(withField(attStmt, 'pubArea', pa), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_TPM_NAME_MISMATCH',
    });
  });

  it('attested.name with an unknown nameAlg → ERR_ATTESTATION_TPM_ALG_UNSUPPORTED', async () => {
    const { attStmt, ctx } = load(BASE);
    const ci = bytes(attStmt, 'certInfo');
    const parsed = parseTpmsAttest(ci);
    // name starts after magic(4) type(2) signer(2+n) extra(2+n) clock(17) fw(8) and its own size(2).
    const off = 6 + 2 + parsed.qualifiedSigner.length + 2 + parsed.extraData.length + 17 + 8 + 2;
    expect(ci[off]! * 256 + ci[off + 1]!).toBe(0x000b);
    ci[off + 1] = 0x99;
    await expect(verifyTpm(withField(attStmt, 'certInfo', ci), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_TPM_ALG_UNSUPPORTED',
    });
  });

  it('certificates out of order → rejected (the CA certificate is not a valid AIK certificate)', async () => {
    const { attStmt, ctx } = load(BASE);
    const reversed = withField(attStmt, 'x5c', [...x5c(attStmt)].reverse());
    await expect(verifyTpm(reversed, ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_CERTIFICATE_INVALID',
      details: { requirement: 'subject must be empty' },
    });
  });

  it('sig changed → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    const { attStmt, ctx } = load(BASE);
    const sig = bytes(attStmt, 'sig');
    sig[10] ^= 0x01;
    await expect(verifyTpm(withField(attStmt, 'sig', sig), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_SIGNATURE_INVALID',
    });
  });

  it('RS1 refused when policy.allowRS1InStatement is false', async () => {
    const { attStmt, ctx } = load(BASE);
    await expect(verifyTpm(attStmt, { ...ctx, policy: { ...DEFAULT_POLICY, allowRS1InStatement: false } })).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_ALG_MISMATCH',
    });
  });

  it('alg unsuited to the AIK key (ES256 with an RSA AIK) → ERR_ATTESTATION_ALG_MISMATCH', async () => {
    const { attStmt, ctx } = load(BASE);
    await expect(verifyTpm(withField(attStmt, 'alg', -7), ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_ALG_MISMATCH' });
  });

  it('AAGUID extension present and different from authData → ERR_ATTESTATION_AAGUID_MISMATCH', async () => {
    // authData is covered by extraData (checked earlier), so a changed AAGUID cannot reach this step
    // through verifyTpm without re-signing; the certificate check verifyTpm calls is exercised directly.
    const { attStmt, ctx } = load(ES256_CASE);
    const leaf = parseCertificate(x5c(attStmt)[0]!);
    expect(leaf.extensions.has('1.3.6.1.4.1.45724.1.1.4')).toBe(true);
    const authData = ctx.authData.slice();
    authData[40] ^= 0x01;
    expect(() => checkAaguidExtension(leaf, authData)).toThrow(expect.objectContaining({ code: 'ERR_ATTESTATION_AAGUID_MISMATCH' }));
  });
});

describe('tpm: AIK certificate requirements (§8.3.1)', () => {
  const leafOf = (id: string) => parseCertificate(x5c(load(id).attStmt)[0]!);
  const fake = (leaf: ParsedCertificate, patch: Partial<ParsedCertificate>): ParsedCertificate => ({ ...leaf, ...patch });
  const without = (leaf: ParsedCertificate, oid: string) => {
    const m = new Map(leaf.extensions);
    m.delete(oid);
    return fake(leaf, { extensions: m });
  };

  it('accepts both SAN forms (separate RDNs and one multi-valued RDN)', () => {
    expect(checkAikCertificate(leafOf('swa-tpm-san-spec-compliant-reg'))).toEqual({
      manufacturer: '53544D20',
      model: 'ST33HTPxAHA6',
      version: 'id:00470004',
    });
    expect(checkAikCertificate(leafOf('swa-tpm-san-nonstandard-reg'))).toMatchObject({ manufacturer: '4E544300', model: 'NPCT75x' });
  });

  it('rejects version ≠ 3, non-empty subject, missing SAN/EKU/basicConstraints, CA true', () => {
    const leaf = leafOf(BASE);
    const req = (cert: ParsedCertificate) => {
      try {
        checkAikCertificate(cert);
      } catch (e) {
        expect((e as { code: string }).code).toBe('ERR_ATTESTATION_CERTIFICATE_INVALID');
        return (e as { details: { requirement: string } }).details.requirement;
      }
      return 'accepted';
    };
    expect(req(fake(leaf, { version: 1 }))).toBe('version must be 3');
    expect(req(fake(leaf, { subject: [{ oid: '2.5.4.3', value: 'x' }] }))).toBe('subject must be empty');
    expect(req(without(leaf, '2.5.29.17'))).toBe('subjectAltName extension missing');
    expect(req(without(leaf, '2.5.29.37'))).toBe('extendedKeyUsage must contain 2.23.133.8.3');
    const ekuOther = new Map(leaf.extensions);
    ekuOther.set('2.5.29.37', { critical: false, value: new Uint8Array([0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02]) });
    expect(req(fake(leaf, { extensions: ekuOther }))).toBe('extendedKeyUsage must contain 2.23.133.8.3');
    expect(req(fake(leaf, { basicConstraints: undefined }))).toBe('basicConstraints extension missing');
    expect(req(fake(leaf, { basicConstraints: { ca: true } }))).toBe('basicConstraints CA must be false');
  });

  it('rejects an unknown vendor with ERR_ATTESTATION_TPM_VENDOR_UNKNOWN, and honours a predicate', () => {
    const leaf = leafOf(BASE);
    expect(() => checkAikCertificate(leaf, { isAcceptableVendor: () => false })).toThrow(
      expect.objectContaining({ code: 'ERR_ATTESTATION_TPM_VENDOR_UNKNOWN' }),
    );
    expect(checkAikCertificate(leaf, { isAcceptableVendor: (id) => id === '53544D20' }).manufacturer).toBe('53544D20');
  });
});

describe('tpm: SAN parsing and vendor list', () => {
  const len = (n: number) => [n];
  const str = (s: string, tag = 0x0c) => [tag, ...len(s.length), ...Buffer.from(s)];
  const atv = (oidLast: number, value: number[]) => {
    const body = [0x06, 0x05, 0x67, 0x81, 0x05, 0x02, oidLast, ...value];
    return [0x30, body.length, ...body];
  };
  const rdn = (...atvs: number[][]) => [0x31, atvs.flat().length, ...atvs.flat()];
  const san = (...rdns: number[][]) => {
    const name = [0x30, rdns.flat().length, ...rdns.flat()];
    const dir = [0xa4, name.length, ...name];
    return new Uint8Array([0x30, dir.length, ...dir]);
  };
  const M = atv(1, str('id:49465800'));
  const MO = atv(2, str('SLB9670'));
  const V = atv(3, str('id:0D'));

  it('reads the three attributes in either form', () => {
    expect(parseTpmSubjectAltName(san(rdn(M), rdn(MO), rdn(V)))).toEqual({ manufacturer: 'id:49465800', model: 'SLB9670', version: 'id:0D' });
    expect(parseTpmSubjectAltName(san(rdn(V, MO, M))).model).toBe('SLB9670');
    expect(parseTpmSubjectAltName(san(rdn(atv(2, str('X', 0x13))), rdn(M), rdn(V))).model).toBe('X');
  });

  it('rejects missing, repeated, empty, non-string and non-ASCII attributes, and malformed DER', () => {
    const bad = (b: Uint8Array) => {
      try {
        parseTpmSubjectAltName(b);
      } catch (e) {
        return (e as { code: string }).code;
      }
      return 'accepted';
    };
    expect(bad(san(rdn(M), rdn(MO)))).toBe('ERR_ATTESTATION_CERTIFICATE_INVALID');
    expect(bad(san(rdn(M), rdn(MO), rdn(V), rdn(M)))).toBe('ERR_ATTESTATION_CERTIFICATE_INVALID');
    expect(bad(san(rdn(M), rdn(atv(2, str(''))), rdn(V)))).toBe('ERR_ATTESTATION_CERTIFICATE_INVALID');
    expect(bad(san(rdn(M), rdn(atv(2, [0x04, 0x01, 0x41])), rdn(V)))).toBe('ERR_ATTESTATION_CERTIFICATE_INVALID');
    expect(bad(san(rdn(M), rdn(atv(2, [0x0c, 0x01, 0x07])), rdn(V)))).toBe('ERR_ATTESTATION_CERTIFICATE_INVALID');
    expect(bad(new Uint8Array([0x30, 0x05, 0xa4]))).toBe('ERR_ATTESTATION_CERTIFICATE_INVALID');
    expect(bad(new Uint8Array([0x31, 0x00]))).toBe('ERR_ATTESTATION_CERTIFICATE_INVALID');
  });

  it('parses manufacturer ids and knows the registry', () => {
    expect(parseTpmManufacturer('id:4e544300')).toBe('4E544300');
    expect(parseTpmManufacturer('id:4E5443')).toBeUndefined();
    expect(parseTpmManufacturer('4E544300')).toBeUndefined();
    expect(parseTpmManufacturer('id:4E54430G')).toBeUndefined();
    expect(isKnownTpmVendor('49465800')).toBe(true);
    expect(isKnownTpmVendor('00000000')).toBe(false);
    expect(isKnownTpmVendor('FFFFF1D0')).toBe(false); // only the default verifier adds the FIDO conformance id
    expect(new Set(TPM_VENDORS.map((v) => v.id)).size).toBe(TPM_VENDORS.length);
    for (const v of TPM_VENDORS) expect(v.id).toMatch(/^[0-9A-F]{8}$/);
  });
});

