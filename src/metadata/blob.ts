/**
 * verifyMetadataBLOB: the FIDO Metadata Service BLOB (FIDO MDS v3.0 §3.1.7) verified per §3.2, offline.
 *
 * 1. The input is a compact JWS of at most MAX_METADATA_BLOB_BYTES, split by the strict shared
 *    parser (src/encoding/jws.ts splitCompactJws): three canonical base64url parts, a header of at most
 *    MAX_METADATA_HEADER_CHARS that is a JSON object with no duplicate member names, no `crit`, `alg`
 *    not "none", the chain in `x5c` (§3.2 step 2; `x5u` is not fetched: a BLOB without `x5c` is
 *    refused). The payload is NOT parsed yet: nothing unsigned costs more than a linear scan.
 * 2. `alg` is one MDS uses (RS/PS/ES with SHA-256/384/512); anything else is ERR_METADATA_ALG_NOT_ALLOWED.
 * 3. At most MAX_CHAIN_LENGTH certificates (counted before any is parsed); the chain validates to
 *    the root (default: GlobalSign Root CA - R3) at `now` with our own path code: validity, CA bits,
 *    key usage, signatures (§3.2 step 4). Supplied CRLs are applied.
 *    The signer (x5c[0]) must be issued to `signerName` (default mds.fidoalliance.org): the default
 *    root is a public web root, so the chain alone would accept any TLS certificate under it.
 * 4. The JWS signature verifies with x5c[0]'s key (§3.2 step 5).
 * 5. Only then the payload is decoded and parsed strictly (no duplicate member names); its members
 *    and entries are checked and frozen; `no` ≥ minimumSerial (§3.2 step 6); with
 *    maxDaysPastNextUpdate, `now` at most that many days past `nextUpdate` (ERR_METADATA_STALE).
 */
import { CURVE_BYTES } from '../cose/curves.js';
import { p1363ToDer } from '../signature/der.js';
import { verifySignature } from '../signature/verify.js';
import { parseJwsPayload, splitCompactJws, type SplitJws } from '../encoding/jws.js';
import { WebAuthnError, isWebAuthnError } from '../errors.js';
import { parseCertificate, type ParsedCertificate } from '../x509/certificate.js';
import { MAX_CHAIN_LENGTH, validateCertificatePath } from '../x509/path.js';
import { certificateHostNames, isIssuedToHost } from '../x509/subject-alt-name.js';
import { certificatePublicKey } from '../x509/public-key.js';
import { applyCrls } from './crls.js';
import { readMetadataPayload } from './payload.js';
import { readMetadataOptions } from './options.js';
import { createVerifiedMetadata } from './service.js';
import type { VerifiedMetadata, VerifyMetadataBLOBOptions } from './types.js';

/** The 2022 BLOB is 1.8 MB and current ones a few MB; 32 MiB leaves room and bounds the work. */
export const MAX_METADATA_BLOB_BYTES = 32 * 1024 * 1024;

/** The real header (alg, typ, a two-certificate x5c) is about 4 KiB; 64 Ki base64url characters bound the unsigned header work. */
export const MAX_METADATA_HEADER_CHARS = 64 * 1024;

/** JWS alg (RFC 7518 §3.1) → COSE alg id; the algorithms MDS signs with. */
const METADATA_JWS_ALGS: Readonly<Record<string, number>> = Object.freeze({
  RS256: -257, RS384: -258, RS512: -259, PS256: -37, PS384: -38, PS512: -39, ES256: -7, ES384: -35, ES512: -36,
});

function blobInvalid(reason: string, received?: unknown, cause?: unknown): never {
  throw new WebAuthnError('ERR_METADATA_BLOB_INVALID', 'Metadata BLOB is not a valid compact JWS', { reason, received }, cause === undefined ? undefined : { cause });
}

function splitBlob(blob: unknown): SplitJws {
  if (typeof blob !== 'string' && !(blob instanceof Uint8Array)) blobInvalid('must be a string or bytes', typeof blob);
  if (blob.length > MAX_METADATA_BLOB_BYTES) {
    throw new WebAuthnError('ERR_METADATA_BLOB_TOO_LARGE', 'Metadata BLOB is too large', { expected: `<= ${MAX_METADATA_BLOB_BYTES}`, received: blob.length });
  }
  if (typeof blob === 'string' && /\s/.test(blob.slice(-1))) blobInvalid('trailing whitespace (trim the downloaded text)');
  return splitCompactJws(blob, { maxBytes: MAX_METADATA_BLOB_BYTES, maxHeaderChars: MAX_METADATA_HEADER_CHARS, fail: blobInvalid });
}

/** RFC 5280 §6.1 inputs are bounded: more certificates than a path may have are refused before any is parsed. */
function parseChain(x5c: readonly Uint8Array[]): ParsedCertificate[] {
  if (x5c.length > MAX_CHAIN_LENGTH) {
    const details = { expected: `<= ${MAX_CHAIN_LENGTH}`, received: x5c.length };
    const cause = new WebAuthnError('ERR_X509_TOO_MANY_CERTIFICATES', 'Certificate chain too long', details);
    throw new WebAuthnError('ERR_METADATA_CHAIN_UNTRUSTED', 'Metadata BLOB signing chain is too long', { reason: 'x5c too long', ...details }, { cause });
  }
  return x5c.map((der, index) => {
    try {
      return parseCertificate(der);
    } catch (e) {
      return blobInvalid('header.x5c entry is not a certificate', index, e);
    }
  });
}

/**
 * FIDO MDS v3.0 §3.2 step 4 trusts the chain "to the FIDO Alliance": a valid path to a public web
 * root proves only that some CA issued the certificate, so the signer must also be issued to the
 * expected name (src/x509/subject-alt-name.ts: SAN dNSName, or the CN without a SAN).
 */
function checkSignerName(leaf: ParsedCertificate, signerName: string): void {
  let issued = false;
  let cause: unknown;
  try {
    issued = isIssuedToHost(leaf, signerName);
  } catch (e) {
    cause = e;
  }
  if (!issued) {
    throw new WebAuthnError(
      'ERR_METADATA_CHAIN_UNTRUSTED',
      'Metadata BLOB signer is not issued to the expected name',
      { reason: 'signer name', expected: signerName, received: cause === undefined ? certificateHostNames(leaf).names.slice(0, 4) : undefined },
      cause === undefined ? undefined : { cause },
    );
  }
}

async function checkChain(chain: readonly ParsedCertificate[], root: ParsedCertificate, now: Date, crls: readonly Uint8Array[]): Promise<void> {
  try {
    const { anchor } = await validateCertificatePath(chain, [root], now);
    await applyCrls(chain, anchor, crls, now);
  } catch (e) {
    if (isWebAuthnError(e) && (e.code === 'ERR_X509_REVOKED' || e.code === 'ERR_X509_CRL_INVALID')) throw e;
    throw new WebAuthnError('ERR_METADATA_CHAIN_UNTRUSTED', 'Metadata BLOB signing chain does not validate to the metadata root', {}, { cause: e });
  }
  // RFC 5280 §4.2.1.3: a signing certificate with keyUsage must allow digitalSignature.
  const leaf = chain[0]!;
  if (leaf.keyUsage !== undefined && !leaf.keyUsage.digitalSignature) {
    throw new WebAuthnError('ERR_METADATA_CHAIN_UNTRUSTED', 'Metadata BLOB signer keyUsage lacks digitalSignature', {});
  }
}

async function checkSignature(jws: SplitJws, leaf: ParsedCertificate, coseAlg: number): Promise<void> {
  const key = certificatePublicKey(leaf);
  let signature = jws.signature;
  let ok = false;
  try {
    // RFC 7518 §3.4: JWS ECDSA signatures are fixed-width r‖s; our verifier takes DER.
    if (key.kty === 'EC2') {
      if (signature.length !== 2 * CURVE_BYTES[key.crv]) throw new WebAuthnError('ERR_SIGNATURE_MALFORMED', 'JWS ECDSA signature has the wrong length', { received: signature.length });
      signature = p1363ToDer(signature);
    }
    ok = await verifySignature({ key, alg: coseAlg, signature, data: jws.signingInput });
  } catch (e) {
    if (!isWebAuthnError(e)) throw e;
    throw new WebAuthnError('ERR_METADATA_SIGNATURE_INVALID', 'Metadata BLOB signature does not verify', { alg: jws.alg }, { cause: e });
  }
  if (!ok) throw new WebAuthnError('ERR_METADATA_SIGNATURE_INVALID', 'Metadata BLOB signature does not verify', { alg: jws.alg });
}

/** Verifies a metadata BLOB (compact JWS text or its bytes) and returns its entries with lookups. */
export async function verifyMetadataBLOB(blob: string | Uint8Array, options: VerifyMetadataBLOBOptions = {}): Promise<VerifiedMetadata> {
  const { now, root, crls, minimumSerial, signerName, maxDaysPastNextUpdate } = readMetadataOptions(options);
  const jws = splitBlob(blob);
  const coseAlg = Object.hasOwn(METADATA_JWS_ALGS, jws.alg) ? METADATA_JWS_ALGS[jws.alg]! : undefined;
  if (coseAlg === undefined) {
    throw new WebAuthnError('ERR_METADATA_ALG_NOT_ALLOWED', 'Metadata BLOB alg is not one MDS uses', { expected: Object.keys(METADATA_JWS_ALGS), received: jws.alg });
  }
  const chain = parseChain(jws.x5c);
  await checkChain(chain, root, now, crls);
  checkSignerName(chain[0]!, signerName);
  await checkSignature(jws, chain[0]!, coseAlg);
  // Only now, with the signature verified, is the (up to 32 MiB) payload decoded and parsed.
  const payload = readMetadataPayload(parseJwsPayload(jws.payloadPart, blobInvalid));
  checkCurrent(payload, now, minimumSerial, maxDaysPastNextUpdate);
  return createVerifiedMetadata(payload);
}

const DAY_MS = 86_400_000;

/**
 * §3.2 step 6: `no` not below the last serial accepted (a replay). And, when the caller bounds it,
 * not stale: the BLOB is due for replacement after its `nextUpdate` day (UTC), so with
 * maxDaysPastNextUpdate = N it is refused from the start of day nextUpdate + N + 1. No bound by
 * default: an offline RP may deliberately load a file it keeps; createMetadataSource sets 7 days.
 */
function checkCurrent(payload: { no: number; nextUpdate: string }, now: Date, minimumSerial: number | undefined, maxDays: number | undefined): void {
  if (minimumSerial !== undefined && payload.no < minimumSerial) {
    throw new WebAuthnError('ERR_METADATA_SERIAL_REPLAYED', 'Metadata BLOB is older than one already accepted', { expected: `>= ${minimumSerial}`, received: payload.no });
  }
  if (maxDays === undefined) return;
  const staleFrom = Date.parse(`${payload.nextUpdate}T00:00:00Z`) + (maxDays + 1) * DAY_MS;
  if (!(now.getTime() < staleFrom)) {
    throw new WebAuthnError('ERR_METADATA_STALE', 'Metadata BLOB is past its nextUpdate by more than maxDaysPastNextUpdate', {
      expected: `now before ${new Date(staleFrom).toISOString()} (nextUpdate + ${maxDays} days)`,
      received: payload.nextUpdate,
      now: now.toISOString(),
    });
  }
}
