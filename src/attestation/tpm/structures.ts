/**
 * Strict parsers for the two TPM 2.0 structures a `tpm` attestation statement carries
 * (WebAuthn L3 §8.3, https://w3c.github.io/webauthn/#sctn-tpm-attestation):
 *
 * - certInfo = TPMS_ATTEST (TPM 2.0 Part 2 §10.12.12), big-endian:
 *     magic u32 | type u16 | qualifiedSigner TPM2B_NAME | extraData TPM2B_DATA |
 *     clockInfo { clock u64, resetCount u32, restartCount u32, safe u8 } | firmwareVersion u64 |
 *     attested TPMS_CERTIFY_INFO { name TPM2B_NAME, qualifiedName TPM2B_NAME }
 * - pubArea = TPMT_PUBLIC (Part 2 §12.2.4):
 *     type u16 | nameAlg u16 | objectAttributes u32 | authPolicy TPM2B_DIGEST |
 *     parameters (TPMS_RSA_PARMS | TPMS_ECC_PARMS) | unique (TPM2B_PUBLIC_KEY_RSA | TPMS_ECC_POINT)
 *
 * Every length is checked against the remaining bytes and nothing may be left over. Only the
 * shapes WebAuthn uses are accepted: TPMS_ATTEST with type TPM_ST_ATTEST_CERTIFY, and RSA / ECC
 * public areas. Unknown scheme ids are a structure error (their layout is unknown, so reading
 * further would be guessing).
 */
import { WebAuthnError } from '../../errors.js';

/** TPM_GENERATED_VALUE (Part 2 §6.2). */
export const TPM_GENERATED_VALUE = 0xff544347;
/** TPM_ST_ATTEST_CERTIFY (Part 2 §6.9). */
export const TPM_ST_ATTEST_CERTIFY = 0x8017;

/** TPM_ALG_ID values used here (Part 2 §6.3 / TCG Algorithm Registry). */
export const TPM_ALG = Object.freeze({
  RSA: 0x0001,
  SHA1: 0x0004,
  NULL: 0x0010,
  SHA256: 0x000b,
  SHA384: 0x000c,
  SHA512: 0x000d,
  RSASSA: 0x0014,
  RSAES: 0x0015,
  RSAPSS: 0x0016,
  OAEP: 0x0017,
  ECDSA: 0x0018,
  ECDH: 0x0019,
  ECDAA: 0x001a,
  SM2: 0x001b,
  ECSCHNORR: 0x001c,
  ECC: 0x0023,
  MGF1: 0x0007,
  KDF1_SP800_56A: 0x0020,
  KDF2: 0x0021,
  KDF1_SP800_108: 0x0022,
});

/** TPM_ECC_CURVE values (Part 2 §6.4) that map to COSE curves. */
export const TPM_ECC_CURVE = Object.freeze({ NIST_P256: 0x0003, NIST_P384: 0x0004, NIST_P521: 0x0005 });

export interface TpmClockInfo {
  readonly clock: bigint;
  readonly resetCount: number;
  readonly restartCount: number;
  /** TPMI_YES_NO as sent. Not validated: §8.3 ignores clockInfo, and the W3C vector carries 0x33. */
  readonly safe: number;
}

export interface TpmsAttest {
  readonly magic: number;
  readonly type: number;
  readonly qualifiedSigner: Uint8Array;
  readonly extraData: Uint8Array;
  readonly clockInfo: TpmClockInfo;
  readonly firmwareVersion: bigint;
  /** attested.name (TPMS_CERTIFY_INFO): nameAlg (2 bytes) ‖ H_nameAlg(pubArea). */
  readonly attestedName: Uint8Array;
  readonly attestedQualifiedName: Uint8Array;
}

export interface TpmRsaParameters {
  readonly symmetric: number;
  readonly scheme: number;
  readonly keyBits: number;
  /** Raw exponent field; 0 means the default 65537 (Part 2 §12.2.3.5). */
  readonly exponent: number;
}

export interface TpmEccParameters {
  readonly symmetric: number;
  readonly scheme: number;
  readonly curveId: number;
  readonly kdf: number;
}

interface TpmtPublicBase {
  readonly nameAlg: number;
  readonly objectAttributes: number;
  readonly authPolicy: Uint8Array;
}

export interface TpmtPublicRsa extends TpmtPublicBase {
  readonly type: 'RSA';
  readonly parameters: TpmRsaParameters;
  /** TPM2B_PUBLIC_KEY_RSA: the modulus n, big-endian. */
  readonly unique: { readonly n: Uint8Array };
}

export interface TpmtPublicEcc extends TpmtPublicBase {
  readonly type: 'ECC';
  readonly parameters: TpmEccParameters;
  readonly unique: { readonly x: Uint8Array; readonly y: Uint8Array };
}

export type TpmtPublic = TpmtPublicRsa | TpmtPublicEcc;

/** Which structure a reader is in, for error details. */
type StructureName = 'TPMS_ATTEST' | 'TPMT_PUBLIC';

/** A bounds-checked big-endian reader; every overrun is a WebAuthnError. */
class TpmReader {
  private offset = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly structure: StructureName,
  ) {}

  private need(n: number, field: string): void {
    if (this.offset + n > this.bytes.length) {
      throw new WebAuthnError('ERR_ATTESTATION_TPM_INVALID_STRUCTURE', 'TPM structure is truncated', {
        structure: this.structure,
        field,
        expected: n,
        received: this.bytes.length - this.offset,
      });
    }
  }

  u8(field: string): number {
    this.need(1, field);
    return this.bytes[this.offset++]!;
  }

  u16(field: string): number {
    this.need(2, field);
    const v = (this.bytes[this.offset]! << 8) | this.bytes[this.offset + 1]!;
    this.offset += 2;
    return v;
  }

  u32(field: string): number {
    this.need(4, field);
    const b = this.bytes;
    const o = this.offset;
    this.offset += 4;
    return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  }

  u64(field: string): bigint {
    const hi = this.u32(field);
    const lo = this.u32(field);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A TPM2B_*: u16 size then that many bytes (a fresh copy). */
  sized(field: string): Uint8Array {
    const size = this.u16(field);
    this.need(size, field);
    const out = this.bytes.slice(this.offset, this.offset + size);
    this.offset += size;
    return out;
  }

  end(): void {
    if (this.offset !== this.bytes.length) {
      throw new WebAuthnError('ERR_ATTESTATION_TPM_INVALID_STRUCTURE', 'TPM structure has trailing bytes', {
        structure: this.structure,
        expected: this.offset,
        received: this.bytes.length,
      });
    }
  }
}

function invalidField(structure: StructureName, field: string, received: unknown): never {
  throw new WebAuthnError('ERR_ATTESTATION_TPM_INVALID_STRUCTURE', 'TPM structure field has an unsupported value', {
    structure,
    field,
    received,
  });
}

/**
 * Parses certInfo (TPMS_ATTEST). magic and type are checked as they are read, with their own codes,
 * because the layout of `attested` depends on `type` (§8.3 verification: "Verify that magic is set
 * to TPM_GENERATED_VALUE" / "Verify that type is set to TPM_ST_ATTEST_CERTIFY").
 */
export function parseTpmsAttest(bytes: Uint8Array): TpmsAttest {
  const r = new TpmReader(bytes, 'TPMS_ATTEST');
  const magic = r.u32('magic');
  if (magic !== TPM_GENERATED_VALUE) {
    throw new WebAuthnError('ERR_ATTESTATION_TPM_MAGIC', 'TPM certInfo.magic is not TPM_GENERATED_VALUE', {
      expected: TPM_GENERATED_VALUE,
      received: magic,
    });
  }
  const type = r.u16('type');
  if (type !== TPM_ST_ATTEST_CERTIFY) {
    throw new WebAuthnError('ERR_ATTESTATION_TPM_ATTEST_TYPE', 'TPM certInfo.type is not TPM_ST_ATTEST_CERTIFY', {
      expected: TPM_ST_ATTEST_CERTIFY,
      received: type,
    });
  }
  const qualifiedSigner = r.sized('qualifiedSigner');
  const extraData = r.sized('extraData');
  const clock = r.u64('clockInfo.clock');
  const resetCount = r.u32('clockInfo.resetCount');
  const restartCount = r.u32('clockInfo.restartCount');
  const safe = r.u8('clockInfo.safe');
  const firmwareVersion = r.u64('firmwareVersion');
  const attestedName = r.sized('attested.name');
  const attestedQualifiedName = r.sized('attested.qualifiedName');
  r.end();
  return {
    magic,
    type,
    qualifiedSigner,
    extraData,
    clockInfo: { clock, resetCount, restartCount, safe },
    firmwareVersion,
    attestedName,
    attestedQualifiedName,
  };
}

/** TPMT_SYM_DEF_OBJECT: algorithm, then keyBits and mode unless TPM_ALG_NULL. */
function readSymmetric(r: TpmReader): number {
  const alg = r.u16('parameters.symmetric.algorithm');
  if (alg !== TPM_ALG.NULL) {
    r.u16('parameters.symmetric.keyBits');
    r.u16('parameters.symmetric.mode');
  }
  return alg;
}

/** TPMT_RSA_SCHEME: scheme id then its details (a hashAlg, or nothing for NULL / RSAES). */
function readRsaScheme(r: TpmReader): number {
  const scheme = r.u16('parameters.scheme');
  switch (scheme) {
    case TPM_ALG.NULL:
    case TPM_ALG.RSAES:
      break;
    case TPM_ALG.RSASSA:
    case TPM_ALG.RSAPSS:
    case TPM_ALG.OAEP:
      r.u16('parameters.scheme.hashAlg');
      break;
    default:
      invalidField('TPMT_PUBLIC', 'parameters.scheme', scheme);
  }
  return scheme;
}

/** TPMT_ECC_SCHEME: scheme id then details (hashAlg; ECDAA adds a u16 count). */
function readEccScheme(r: TpmReader): number {
  const scheme = r.u16('parameters.scheme');
  switch (scheme) {
    case TPM_ALG.NULL:
      break;
    case TPM_ALG.ECDAA:
      r.u16('parameters.scheme.hashAlg');
      r.u16('parameters.scheme.count');
      break;
    case TPM_ALG.ECDSA:
    case TPM_ALG.ECDH:
    case TPM_ALG.SM2:
    case TPM_ALG.ECSCHNORR:
      r.u16('parameters.scheme.hashAlg');
      break;
    default:
      invalidField('TPMT_PUBLIC', 'parameters.scheme', scheme);
  }
  return scheme;
}

/** TPMT_KDF_SCHEME: scheme id then a hashAlg unless NULL. */
function readKdf(r: TpmReader): number {
  const kdf = r.u16('parameters.kdf');
  switch (kdf) {
    case TPM_ALG.NULL:
      break;
    case TPM_ALG.MGF1:
    case TPM_ALG.KDF1_SP800_56A:
    case TPM_ALG.KDF2:
    case TPM_ALG.KDF1_SP800_108:
      r.u16('parameters.kdf.hashAlg');
      break;
    default:
      invalidField('TPMT_PUBLIC', 'parameters.kdf', kdf);
  }
  return kdf;
}

/** Parses pubArea (TPMT_PUBLIC) for RSA and ECC keys; anything else is rejected. */
export function parseTpmtPublic(bytes: Uint8Array): TpmtPublic {
  const r = new TpmReader(bytes, 'TPMT_PUBLIC');
  const type = r.u16('type');
  const nameAlg = r.u16('nameAlg');
  const objectAttributes = r.u32('objectAttributes');
  const authPolicy = r.sized('authPolicy');
  if (type === TPM_ALG.RSA) {
    const symmetric = readSymmetric(r);
    const scheme = readRsaScheme(r);
    const keyBits = r.u16('parameters.keyBits');
    const exponent = r.u32('parameters.exponent');
    const n = r.sized('unique');
    r.end();
    // The modulus must be exactly keyBits long (Part 2 §11.2.4.5 TPM2B_PUBLIC_KEY_RSA).
    if (keyBits === 0 || keyBits % 8 !== 0 || n.length !== keyBits / 8) {
      throw new WebAuthnError('ERR_ATTESTATION_TPM_INVALID_STRUCTURE', 'TPM pubArea RSA modulus length does not match keyBits', {
        structure: 'TPMT_PUBLIC',
        expected: keyBits / 8,
        received: n.length,
      });
    }
    return {
      type: 'RSA',
      nameAlg,
      objectAttributes,
      authPolicy,
      parameters: { symmetric, scheme, keyBits, exponent },
      unique: { n },
    };
  }
  if (type === TPM_ALG.ECC) {
    const symmetric = readSymmetric(r);
    const scheme = readEccScheme(r);
    const curveId = r.u16('parameters.curveID');
    const kdf = readKdf(r);
    const x = r.sized('unique.x');
    const y = r.sized('unique.y');
    r.end();
    return {
      type: 'ECC',
      nameAlg,
      objectAttributes,
      authPolicy,
      parameters: { symmetric, scheme, curveId, kdf },
      unique: { x, y },
    };
  }
  throw new WebAuthnError('ERR_ATTESTATION_TPM_ALG_UNSUPPORTED', 'TPM pubArea.type is not RSA or ECC', {
    expected: [TPM_ALG.RSA, TPM_ALG.ECC],
    received: type,
  });
}
