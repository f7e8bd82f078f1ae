/**
 * Software authenticator, registration: builds a RegistrationResponseJSON (WebAuthn L3 §5.1
 * `PublicKeyCredential.toJSON()`) with attestation `none` (§8.7), `packed` self or x5c (§8.2) or
 * `fido-u2f` (§8.6). The attestation signature covers authenticatorData ‖ SHA-256(clientDataJSON)
 * (§6.5.4 step "attToBeSigned"), fido-u2f its own verificationData.
 */
import { decodeCbor, isCborMap } from '../cbor/decode.js';
import { encodeCbor, type CborEncodable } from './cbor-encode.js';
import { encodeBase64url } from '../encoding/base64url.js';
import { concat } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import type { RegistrationResponseJSON } from '../parse/types.js';
import { buildAuthenticatorData, sha256, type AuthenticatorDataFlags } from './authenticator-data.js';
import { createAttestationChain } from './certificates.js';
import { buildClientDataJSON } from './client-data.js';
import { algFromKey, type TestCredential, type TestPrivateKey } from './credential.js';
import {
  applyPostSigningAuthDataFaults,
  applyPreSigningAuthDataFaults,
  signWithFaults,
  type CommonFaults,
} from './faults.js';

export interface RegistrationFaults extends CommonFaults {
  /** Writes this AAGUID into attestedCredentialData instead of the credential's (fido-u2f: instead of zero). */
  aaguid?: Uint8Array;
  /** Writes this credential ID into attestedCredentialData; the JSON id/rawId keep the real one. */
  credentialIdInAuthData?: Uint8Array;
  /** Leaves attestedCredentialData out of authData (the AT flag still follows `flags.at`, default set). */
  omitAttestedCredentialData?: boolean;
  /** Replaces the whole attStmt (a Map or a plain object, encoded as given). */
  attStmt?: Map<unknown, unknown> | Record<string, unknown>;
  /** Edits the attStmt map just before encoding (after signing). Return the map to use. */
  mutateAttStmt?: (attStmt: Map<unknown, unknown>) => Map<unknown, unknown>;
  /** Replaces the `fmt` label only (the statement is still built for the real fmt). */
  fmt?: string;
  /** Extra top-level members of the attestationObject map. */
  attestationObjectExtraKeys?: Record<string, unknown>;
  /** Bytes appended after the attestationObject CBOR item. */
  trailingAttestationObjectBytes?: Uint8Array;
}

export interface AttestationKeyAndChain {
  /** DER certificates, leaf first (e.g. `createAttestationChain().x5c`). */
  certificates: readonly Uint8Array[];
  /** The leaf's private key. */
  privateKey: TestPrivateKey;
  /** COSE alg of the attestation signature; default: implied by the key. */
  alg?: number;
}

export interface CreateRegistrationResponseOptions {
  credential: TestCredential;
  /** base64url text or raw bytes; clientData.challenge is its base64url form. */
  challenge: string | Uint8Array;
  origin: string;
  rpId: string;
  /** Attestation statement format; default 'none'. */
  fmt?: 'none' | 'packed' | 'fido-u2f';
  /** packed only: 'self' (default) or 'x5c'. */
  attestation?: 'self' | 'x5c';
  /** Attestation key + chain for packed x5c / fido-u2f; default: a fresh createAttestationChain() (ES256 leaf). */
  x5c?: AttestationKeyAndChain;
  /** Defaults: up, uv, at true; be, bs false; ed = extensions given. */
  flags?: AuthenticatorDataFlags;
  /** Counter in authData; default credential.signCount (registration does not advance it). */
  signCount?: number;
  /** Authenticator extension outputs, CBOR-encoded after the COSE key (sets ED). */
  extensions?: Record<string, unknown> | Map<unknown, unknown>;
  crossOrigin?: boolean;
  topOrigin?: string;
  clientDataExtra?: Record<string, unknown>;
  /** response.transports; left out when not given. */
  transports?: string[];
  /** clientExtensionResults; default {}. */
  clientExtensionResults?: Record<string, unknown>;
  faults?: RegistrationFaults;
}

/** x and y of an EC2 P-256 COSE key, for the fido-u2f public key 0x04 ‖ x ‖ y (§8.6 step 4). */
function ec2PointFromCose(coseKey: Uint8Array): Uint8Array {
  const key = decodeCbor(coseKey);
  const x = isCborMap(key) ? key.get(-2) : undefined;
  const y = isCborMap(key) ? key.get(-3) : undefined;
  if (!isCborMap(key) || key.get(1) !== 2 || key.get(-1) !== 1 || !(x instanceof Uint8Array) || !(y instanceof Uint8Array)) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'fido-u2f needs an ES256 (P-256) credential', {});
  }
  return concat(new Uint8Array([0x04]), x, y);
}

const X5C_FIX = 'pass { certificates: chain.x5c, privateKey: chain.leaf.privateKey } for chain = await createAttestationChain()';

/**
 * `options.x5c` as given, when it has the AttestationKeyAndChain shape. The natural guess
 * `x5c: createAttestationChain()` (a promise, or once awaited a TestAttestationChain) is refused
 * with a coded error that names the fix, instead of a TypeError deep inside.
 */
function checkedX5c(x5c: unknown): AttestationKeyAndChain {
  const given = x5c as Partial<AttestationKeyAndChain> & { then?: unknown; leaf?: unknown } | null;
  const looksLikeChain = typeof given === 'object' && given !== null && (typeof given.then === 'function' || 'leaf' in given);
  if (
    typeof given !== 'object' || given === null || !Array.isArray(given.certificates) || given.certificates.length === 0 ||
    !given.certificates.every((c) => c instanceof Uint8Array) || typeof given.privateKey !== 'object' || given.privateKey === null
  ) {
    const reason = looksLikeChain ? `x5c is a createAttestationChain() result, not an AttestationKeyAndChain: ${X5C_FIX}` : `x5c must be { certificates: Uint8Array[] (leaf first), privateKey, alg? }: ${X5C_FIX}`;
    throw new WebAuthnError('ERR_OPTIONS_INVALID', `Invalid x5c option: ${reason}`, { option: 'x5c', reason });
  }
  return given as AttestationKeyAndChain;
}

/**
 * The attestation key and chain: the caller's, or a fresh root → intermediate → P-256 leaf from
 * createAttestationChain (its root is then unknown to the caller: pass your own chain when the
 * test needs trust anchors). The packed leaf carries the AAGUID extension (§8.2.1); fido-u2f's does
 * not, and fido-u2f sends the leaf alone.
 */
async function chainFor(options: CreateRegistrationResponseOptions, aaguid: Uint8Array | undefined): Promise<AttestationKeyAndChain> {
  if (options.x5c !== undefined) return checkedX5c(options.x5c);
  const chain = await createAttestationChain({ leafKeyAlg: 'ES256', ...(aaguid ? { aaguid } : {}) });
  // §8.6 fido-u2f: x5c holds exactly one certificate (the leaf); packed carries leaf + intermediate.
  const certificates = options.fmt === 'fido-u2f' ? chain.x5c.slice(0, 1) : chain.x5c;
  return { certificates, privateKey: chain.leaf.privateKey, alg: -7 };
}

export async function createRegistrationResponse(options: CreateRegistrationResponseOptions): Promise<RegistrationResponseJSON> {
  const { credential } = options;
  const faults = options.faults ?? {};
  const fmt = options.fmt ?? 'none';

  const clientData = buildClientDataJSON({
    type: 'webauthn.create',
    challenge: options.challenge,
    origin: options.origin,
    crossOrigin: options.crossOrigin,
    topOrigin: options.topOrigin,
    clientDataExtra: options.clientDataExtra,
    faults,
  });
  const clientDataHash = await sha256(clientData.bytes);

  // §8.6: a U2F authenticator has no AAGUID, the client writes zeros.
  const aaguid = faults.aaguid ?? (fmt === 'fido-u2f' ? new Uint8Array(16) : credential.aaguid);
  const credentialIdInAuthData = faults.credentialIdInAuthData ?? credential.id;
  const built = await buildAuthenticatorData({
    rpId: options.rpId,
    rpIdHash: faults.rpIdHash,
    flags: { at: true, ...options.flags },
    rawFlags: faults.rawFlags,
    signCount: options.signCount ?? credential.signCount,
    attestedCredentialData: faults.omitAttestedCredentialData
      ? undefined
      : { aaguid, credentialId: credentialIdInAuthData, publicKey: credential.publicKey },
    extensions: options.extensions,
  });
  const authData = applyPreSigningAuthDataFaults(built, faults);
  const signed: SignedParts = { authData, clientDataHash, aaguid, credentialIdInAuthData };
  const attStmt = applyAttStmtFaults(await buildAttStmt(options, fmt, signed), faults);

  const sentAuthData = applyPostSigningAuthDataFaults(authData, faults);
  const attestationObject = buildAttestationObject(faults.fmt ?? fmt, attStmt, sentAuthData, faults);
  const id = encodeBase64url(credential.id);
  const response: RegistrationResponseJSON['response'] = {
    clientDataJSON: encodeBase64url(clientData.bytes),
    attestationObject: encodeBase64url(attestationObject),
    authenticatorData: encodeBase64url(sentAuthData),
    publicKeyAlgorithm: credential.alg,
  };
  if (credential.publicKeySpki) response.publicKey = encodeBase64url(credential.publicKeySpki);
  if (options.transports) response.transports = [...options.transports];
  return {
    id: faults.responseId ?? id,
    rawId: faults.rawId ?? id,
    type: 'public-key',
    response,
    clientExtensionResults: options.clientExtensionResults ?? {},
  };
}

/** What the attestation statement signs over or repeats, as createRegistrationResponse built it. */
interface SignedParts {
  readonly authData: Uint8Array;
  readonly clientDataHash: Uint8Array;
  readonly aaguid: Uint8Array;
  readonly credentialIdInAuthData: Uint8Array;
}

/** The attStmt for `fmt` (none, packed self or full, fido-u2f), signed as the format's section says. */
async function buildAttStmt(options: CreateRegistrationResponseOptions, fmt: string, signed: SignedParts): Promise<Map<unknown, unknown>> {
  const { credential } = options;
  const faults = options.faults ?? {};
  const { authData, clientDataHash } = signed;
  if (fmt === 'packed' && (options.attestation ?? 'self') === 'self') {
    // §8.2 self attestation: alg = credential alg, sig by the credential private key.
    const sig = await signWithFaults(credential.privateKey, credential.alg, concat(authData, clientDataHash), faults);
    return new Map<unknown, unknown>([['alg', credential.alg], ['sig', sig]]);
  } else if (fmt === 'packed') {
    // §8.2 full attestation: alg of the attestation key, sig by the leaf's key, x5c leaf first.
    const chain = await chainFor(options, signed.aaguid);
    const alg = chain.alg ?? algFromKey(chain.privateKey);
    const sig = await signWithFaults(chain.privateKey, alg, concat(authData, clientDataHash), faults);
    return new Map<unknown, unknown>([['alg', alg], ['sig', sig], ['x5c', [...chain.certificates]]]);
  } else if (fmt === 'fido-u2f') {
    // §8.6 step 5: verificationData = 0x00 ‖ rpIdHash ‖ clientDataHash ‖ credentialId ‖ publicKeyU2F.
    const chain = await chainFor(options, undefined);
    const data = concat(
      new Uint8Array([0x00]),
      authData.subarray(0, 32),
      clientDataHash,
      signed.credentialIdInAuthData,
      ec2PointFromCose(credential.publicKey),
    );
    const sig = await signWithFaults(chain.privateKey, chain.alg ?? algFromKey(chain.privateKey), data, faults);
    return new Map<unknown, unknown>([['sig', sig], ['x5c', [...chain.certificates]]]);
  } else if (fmt !== 'none') {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Unsupported attestation format', { received: fmt });
  }
  return new Map<unknown, unknown>();
}

function applyAttStmtFaults(attStmt: Map<unknown, unknown>, faults: RegistrationFaults): Map<unknown, unknown> {
  if (faults.attStmt !== undefined) {
    attStmt = faults.attStmt instanceof Map ? faults.attStmt : new Map(Object.entries(faults.attStmt));
  }
  if (faults.mutateAttStmt) attStmt = faults.mutateAttStmt(attStmt);
  return attStmt;
}

/** §6.5: the attestationObject map { fmt, attStmt, authData }, plus any extra keys or trailing bytes a fault asks for. */
function buildAttestationObject(fmt: string, attStmt: Map<unknown, unknown>, authData: Uint8Array, faults: RegistrationFaults): Uint8Array {
  const object = new Map<unknown, unknown>([
    ['fmt', fmt],
    ['attStmt', attStmt],
    ['authData', authData],
  ]);
  for (const [k, v] of Object.entries(faults.attestationObjectExtraKeys ?? {})) object.set(k, v);
  let attestationObject: Uint8Array = encodeCbor(object as CborEncodable);
  if (faults.trailingAttestationObjectBytes) attestationObject = concat(attestationObject, faults.trailingAttestationObjectBytes);
  return attestationObject;
}
