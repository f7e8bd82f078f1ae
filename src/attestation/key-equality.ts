/**
 * Key equality for the "credential public key equals the attested key" steps (WebAuthn L3 §8.3
 * tpm pubArea, §8.4 android-key and §8.8 apple leaf key). Compares the key material byte for byte:
 * kty, curve and coordinates (EC2/OKP), modulus and exponent (RSA), parameter set and key (AKP).
 * The COSE `alg` is ignored for EC2/OKP/RSA because certificate keys carry none; for AKP the alg is
 * the parameter set itself, so it is compared.
 */
import type { COSEPublicKey } from '../cose/types.js';
import { equalBytes } from '../encoding/bytes.js';

/** Big-endian integer bytes without leading zeros (the canonical form for n/e comparison). */
export function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

export function sameCOSEKey(a: COSEPublicKey, b: COSEPublicKey): boolean {
  switch (a.kty) {
    case 'EC2':
      return b.kty === 'EC2' && a.crv === b.crv && equalBytes(a.x, b.x) && equalBytes(a.y, b.y);
    case 'OKP':
      return b.kty === 'OKP' && a.crv === b.crv && equalBytes(a.x, b.x);
    case 'RSA':
      return (
        b.kty === 'RSA' &&
        equalBytes(stripLeadingZeros(a.n), stripLeadingZeros(b.n)) &&
        equalBytes(stripLeadingZeros(a.e), stripLeadingZeros(b.e))
      );
    case 'AKP':
      return b.kty === 'AKP' && a.alg === b.alg && equalBytes(a.pub, b.pub);
    default:
      return false;
  }
}
