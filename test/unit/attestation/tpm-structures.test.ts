import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTpmsAttest, parseTpmtPublic } from '../../../src/attestation/tpm/structures.js';
import { isWebAuthnError } from '../../../src/errors.js';
import { buildCertInfo, buildEccPubArea, buildRsaPubArea, u16 } from '../../helpers/tpm-builders.js';

const X = new Array(32).fill(0x11);
const Y = new Array(32).fill(0x22);

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isWebAuthnError(e) ? e.code : `non-WebAuthnError: ${String(e)}`;
  }
  return undefined;
}

describe('parseTpmsAttest', () => {
  it('parses every field of a well-formed TPMS_ATTEST', () => {
    const a = parseTpmsAttest(buildCertInfo({ extraData: [9, 9, 9] }));
    expect(a.magic).toBe(0xff544347);
    expect(a.type).toBe(0x8017);
    expect(a.qualifiedSigner.length).toBe(34);
    expect([...a.extraData]).toEqual([9, 9, 9]);
    expect(a.clockInfo).toEqual({ clock: 9n, resetCount: 1, restartCount: 2, safe: 1 });
    expect(a.firmwareVersion).toBe(7n);
    expect(a.attestedName[0]).toBe(0x00);
    expect(a.attestedName[1]).toBe(0x0b);
    expect(a.attestedQualifiedName.length).toBe(34);
  });

  it('rejects a wrong magic with ERR_ATTESTATION_TPM_MAGIC', () => {
    expect(code(() => parseTpmsAttest(buildCertInfo({ magic: 0xff544348 })))).toBe('ERR_ATTESTATION_TPM_MAGIC');
  });

  it('rejects a type other than TPM_ST_ATTEST_CERTIFY', () => {
    expect(code(() => parseTpmsAttest(buildCertInfo({ type: 0x8018 })))).toBe('ERR_ATTESTATION_TPM_ATTEST_TYPE');
  });

  it('keeps clockInfo.safe as sent (ignored by §8.3; the W3C vector carries 0x33)', () => {
    expect(parseTpmsAttest(buildCertInfo({ safe: 0x33 })).clockInfo.safe).toBe(0x33);
    expect(parseTpmsAttest(buildCertInfo({ safe: 0 })).clockInfo.safe).toBe(0);
  });

  it('rejects trailing bytes', () => {
    expect(code(() => parseTpmsAttest(buildCertInfo({ trailing: [0] })))).toBe('ERR_ATTESTATION_TPM_INVALID_STRUCTURE');
  });

  it('rejects every truncation with a WebAuthnError', () => {
    const full = buildCertInfo();
    for (let n = 0; n < full.length; n++) {
      const c = code(() => parseTpmsAttest(full.subarray(0, n)));
      // A prefix shorter than magic/type is truncation; everything is a structure error.
      expect(c, `prefix ${n}`).toBe('ERR_ATTESTATION_TPM_INVALID_STRUCTURE');
    }
  });

  it('rejects a sized field claiming more bytes than remain', () => {
    const b = buildCertInfo();
    b[6] = 0xff; // qualifiedSigner.size high byte
    expect(code(() => parseTpmsAttest(b))).toBe('ERR_ATTESTATION_TPM_INVALID_STRUCTURE');
  });

  it('property: arbitrary bytes either parse or throw a WebAuthnError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const c = code(() => parseTpmsAttest(bytes));
        expect(c === undefined || c.startsWith('ERR_ATTESTATION_TPM_')).toBe(true);
      }),
    );
  });

  it('property: mutating one byte of a valid structure never escapes as a non-WebAuthnError', () => {
    const base = buildCertInfo();
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 }), (i, v) => {
        const b = base.slice();
        b[i] = v;
        const c = code(() => parseTpmsAttest(b));
        expect(c === undefined || c.startsWith('ERR_ATTESTATION_TPM_')).toBe(true);
      }),
    );
  });
});

describe('parseTpmtPublic', () => {
  it('parses an ECC public area', () => {
    const p = parseTpmtPublic(buildEccPubArea({ x: X, y: Y }));
    expect(p.type).toBe('ECC');
    if (p.type !== 'ECC') throw new Error('unreachable');
    expect(p.nameAlg).toBe(0x000b);
    expect(p.parameters.curveId).toBe(3);
    expect([...p.unique.x]).toEqual(X);
    expect([...p.unique.y]).toEqual(Y);
  });

  it('parses an RSA public area with exponent 0 and a non-empty authPolicy', () => {
    const n = new Array(256).fill(0xab);
    const p = parseTpmtPublic(buildRsaPubArea({ n }));
    expect(p.type).toBe('RSA');
    if (p.type !== 'RSA') throw new Error('unreachable');
    expect(p.parameters.exponent).toBe(0);
    expect(p.parameters.keyBits).toBe(2048);
    expect(p.authPolicy.length).toBe(32);
    expect(p.unique.n.length).toBe(256);
  });

  it('reads scheme details (ECDSA hashAlg, ECDAA hashAlg+count, RSASSA hashAlg, KDF hashAlg)', () => {
    expect(parseTpmtPublic(buildEccPubArea({ x: X, y: Y, scheme: [...u16(0x18), ...u16(0x0b)] })).type).toBe('ECC');
    expect(parseTpmtPublic(buildEccPubArea({ x: X, y: Y, scheme: [...u16(0x1a), ...u16(0x0b), ...u16(1)] })).type).toBe('ECC');
    expect(parseTpmtPublic(buildEccPubArea({ x: X, y: Y, kdf: [...u16(0x07), ...u16(0x0b)] })).type).toBe('ECC');
    expect(parseTpmtPublic(buildEccPubArea({ x: X, y: Y, symmetric: [...u16(0x06), ...u16(128), ...u16(0x43)] })).type).toBe('ECC');
    expect(parseTpmtPublic(buildRsaPubArea({ n: new Array(256).fill(1), scheme: [...u16(0x14), ...u16(0x0b)] })).type).toBe('RSA');
    expect(parseTpmtPublic(buildRsaPubArea({ n: new Array(256).fill(1), scheme: u16(0x15) })).type).toBe('RSA');
  });

  it('rejects unknown scheme and kdf ids (their layout is unknown)', () => {
    expect(code(() => parseTpmtPublic(buildEccPubArea({ x: X, y: Y, scheme: u16(0x99) })))).toBe('ERR_ATTESTATION_TPM_INVALID_STRUCTURE');
    expect(code(() => parseTpmtPublic(buildEccPubArea({ x: X, y: Y, kdf: u16(0x99) })))).toBe('ERR_ATTESTATION_TPM_INVALID_STRUCTURE');
    expect(code(() => parseTpmtPublic(buildRsaPubArea({ n: new Array(256).fill(1), scheme: u16(0x99) })))).toBe(
      'ERR_ATTESTATION_TPM_INVALID_STRUCTURE',
    );
  });

  it('rejects an RSA modulus whose length disagrees with keyBits', () => {
    expect(code(() => parseTpmtPublic(buildRsaPubArea({ n: new Array(256).fill(1), keyBits: 1024 })))).toBe(
      'ERR_ATTESTATION_TPM_INVALID_STRUCTURE',
    );
    expect(code(() => parseTpmtPublic(buildRsaPubArea({ n: [], keyBits: 0 })))).toBe('ERR_ATTESTATION_TPM_INVALID_STRUCTURE');
  });

  it('rejects a type other than RSA/ECC', () => {
    const b = buildEccPubArea({ x: X, y: Y });
    b[1] = 0x08; // TPM_ALG_KEYEDHASH
    expect(code(() => parseTpmtPublic(b))).toBe('ERR_ATTESTATION_TPM_ALG_UNSUPPORTED');
  });

  it('rejects trailing bytes and every truncation', () => {
    expect(code(() => parseTpmtPublic(buildEccPubArea({ x: X, y: Y, trailing: [0] })))).toBe(
      'ERR_ATTESTATION_TPM_INVALID_STRUCTURE',
    );
    expect(code(() => parseTpmtPublic(buildRsaPubArea({ n: new Array(256).fill(1), trailing: [0, 0] })))).toBe(
      'ERR_ATTESTATION_TPM_INVALID_STRUCTURE',
    );
    for (const full of [buildEccPubArea({ x: X, y: Y }), buildRsaPubArea({ n: new Array(256).fill(1) })]) {
      for (let n = 0; n < full.length; n++) {
        const c = code(() => parseTpmtPublic(full.subarray(0, n)));
        expect(c, `prefix ${n}`).toMatch(/^ERR_ATTESTATION_TPM_(INVALID_STRUCTURE|ALG_UNSUPPORTED)$/);
      }
    }
  });

  it('property: arbitrary bytes either parse or throw a WebAuthnError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const c = code(() => parseTpmtPublic(bytes));
        expect(c === undefined || c.startsWith('ERR_ATTESTATION_TPM_')).toBe(true);
      }),
    );
  });
});
