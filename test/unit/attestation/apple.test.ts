import { describe, expect, it } from 'vitest';
import { OID_APPLE_NONCE, readAppleNonce, verifyApple } from '../../../src/attestation/apple.js';
import type { CborMap } from '../../../src/cbor/decode.js';
import { parseCertificate, type ParsedCertificate } from '../../../src/x509/certificate.js';
import { registrationCases, vectorAttestation, withField } from '../../helpers/attestation-vectors.js';

const IPHONE = 'swa-apple-iphone-reg';
const W3C = 'w3c-apple-es256-reg';

function load(id: string) {
  const c = registrationCases('apple').find((x) => x.id === id);
  if (!c) throw new Error(`missing vector ${id}`);
  return vectorAttestation(c);
}
const x5c = (m: CborMap) => m.get('x5c') as Uint8Array[];

describe('apple: real vectors', () => {
  for (const c of registrationCases('apple')) {
    it(`${c.id} → verified, anonca, trusted to its anchor`, async () => {
      const { attStmt, ctx } = vectorAttestation(c);
      const r = await verifyApple(attStmt, ctx);
      expect(r).toMatchObject({ fmt: 'apple', type: 'anonca', trusted: c.trustAnchors !== undefined });
      expect(r.trustPath.length).toBe(x5c(attStmt).length);
    });
  }

  it('is rejected against another root', async () => {
    const { attStmt, ctx } = load(IPHONE);
    const { ctx: w3c } = load(W3C);
    await expect(verifyApple(attStmt, { ...ctx, trustAnchors: w3c.trustAnchors })).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_X509_/),
    });
  });

  it('is rejected when the certificates have expired at `now`', async () => {
    const { attStmt, ctx } = load(IPHONE);
    await expect(verifyApple(attStmt, { ...ctx, now: new Date('2030-01-01T00:00:00Z') })).rejects.toMatchObject({
      code: 'ERR_X509_EXPIRED',
    });
  });
});

describe('apple: statement shape', () => {
  it('tolerates an integer alg (iOS sends one) but no other extra member', async () => {
    const { attStmt, ctx } = load(W3C);
    await expect(verifyApple(withField(attStmt, 'alg', -7), ctx)).resolves.toMatchObject({ type: 'anonca' });
    await expect(verifyApple(withField(attStmt, 'alg', 'ES256'), ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_STATEMENT_INVALID' });
    await expect(verifyApple(withField(attStmt, 'sig', new Uint8Array(8)), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_STATEMENT_INVALID',
    });
  });

  it('rejects missing / empty / non-bytes x5c and a non-map statement', async () => {
    const { attStmt, ctx } = load(W3C);
    for (const v of [undefined, [], ['x'], new Uint8Array(3)]) {
      await expect(verifyApple(withField(attStmt, 'x5c', v), ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_STATEMENT_INVALID' });
    }
    await expect(verifyApple(null as never, ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_STATEMENT_INVALID' });
  });
});

describe('apple: generated faults', () => {
  it('nonce ≠ SHA-256(authData ‖ clientDataHash) → ERR_ATTESTATION_APPLE_NONCE_MISMATCH', async () => {
    const { attStmt, ctx } = load(IPHONE);
    const other = ctx.clientDataHash.slice();
    other[3] ^= 0x10;
    await expect(verifyApple(attStmt, { ...ctx, clientDataHash: other })).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_APPLE_NONCE_MISMATCH',
    });
  });

  it('credential key ≠ certificate key → ERR_ATTESTATION_KEY_MISMATCH', async () => {
    const { attStmt, ctx } = load(IPHONE);
    const { ctx: w3c } = load(W3C);
    await expect(verifyApple(attStmt, { ...ctx, credentialKey: w3c.credentialKey })).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_KEY_MISMATCH',
    });
  });

  it('certificates out of order → ERR_ATTESTATION_APPLE_NONCE_MISSING (the CA has no nonce)', async () => {
    const { attStmt, ctx } = load(IPHONE);
    await expect(verifyApple(withField(attStmt, 'x5c', [...x5c(attStmt)].reverse()), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_APPLE_NONCE_MISSING',
    });
  });
});

describe('apple: nonce extension parsing', () => {
  const leaf = () => parseCertificate(x5c(load(IPHONE).attStmt)[0]!);
  const withExt = (cert: ParsedCertificate, value: number[] | undefined): ParsedCertificate => {
    const m = new Map(cert.extensions);
    if (value === undefined) m.delete(OID_APPLE_NONCE);
    else m.set(OID_APPLE_NONCE, { critical: false, value: new Uint8Array(value) });
    return { ...cert, extensions: m };
  };
  const N = new Array(32).fill(0xab);
  const reason = (cert: ParsedCertificate) => {
    try {
      readAppleNonce(cert);
    } catch (e) {
      expect((e as { code: string }).code).toBe('ERR_ATTESTATION_APPLE_NONCE_MISSING');
      return (e as { details: { reason: string } }).details.reason;
    }
    return 'ok';
  };

  it('reads SEQUENCE { [1] EXPLICIT OCTET STRING (32) }', () => {
    expect([...readAppleNonce(withExt(leaf(), [0x30, 0x24, 0xa1, 0x22, 0x04, 0x20, ...N]))]).toEqual(N);
  });

  it('rejects every other shape', () => {
    expect(reason(withExt(leaf(), undefined))).toBe('extension absent');
    expect(reason(withExt(leaf(), [0x30, 0x23, 0xa1, 0x21, 0x04, 0x1f, ...N.slice(1)]))).toMatch(/32 bytes/); // 31-byte nonce
    expect(reason(withExt(leaf(), [0x30, 0x24, 0xa2, 0x22, 0x04, 0x20, ...N]))).toMatch(/SEQUENCE/); // [2]
    expect(reason(withExt(leaf(), [0x31, 0x24, 0xa1, 0x22, 0x04, 0x20, ...N]))).toMatch(/SEQUENCE/); // SET
    expect(reason(withExt(leaf(), [0x30, 0x24, 0xa1, 0x22, 0x03, 0x20, ...N]))).toMatch(/SEQUENCE/); // BIT STRING
    expect(reason(withExt(leaf(), [0x30, 0x26, 0xa1, 0x22, 0x04, 0x20, ...N, 0x05, 0x00]))).toMatch(/SEQUENCE/); // extra member
    expect(reason(withExt(leaf(), [0x30, 0x24, 0xa1, 0x22, 0x04, 0x20, ...N, 0x00]))).toMatch(/SEQUENCE/); // trailing byte
    expect(reason(withExt(leaf(), [0x30, 0x80, 0xa1, 0x22]))).toBe('not DER');
    expect(reason(withExt(leaf(), []))).toBe('not DER');
  });
});
