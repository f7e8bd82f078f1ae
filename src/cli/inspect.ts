/**
 * `webauthn-verify inspect`: decodes a RegistrationResponseJSON or AuthenticationResponseJSON into
 * an annotated tree an auditor can read. It only decodes, it verifies nothing: each part is
 * parsed with the library's strict parsers, and a part that fails is shown with its error code
 * (the rest is still shown). No node: APIs here; src/cli.ts does the I/O.
 */
import { parseAttestationObject } from '../parse/attestation-object.js';
import { parseAuthenticatorData, type AuthenticatorData } from '../parse/authenticator-data.js';
import type { CborValue } from '../cbor/decode.js';
import { parseClientDataJSON } from '../parse/client-data.js';
import { coseAlgorithmName } from '../cose/algorithms.js';
import { decodeCOSEKey } from '../cose/key.js';
import { coseKeyToJWK } from '../cose/to-jwk.js';
import { sha256 } from '../crypto/hash-sync.js';
import { decodeBase64url, encodeBase64url } from '../encoding/base64url.js';
import { decodeUtf8, toHex, toUuid } from '../encoding/bytes.js';
import { certificateView, errorView } from './inspect-parts.js';
import { clip, hexDump, setMember, toView, type View, type ViewValue } from './view.js';

export type { View, ViewValue };

export interface InspectResult {
  kind: 'registration' | 'authentication';
  view: View;
  /** Error codes met while decoding, in order. Empty when every part decoded. */
  errors: string[];
}

/** The bytes as (clipped) UTF-8 text, or null when they are not UTF-8. */
function utf8Text(bytes: Uint8Array): string | null {
  const text = decodeUtf8(bytes);
  return text === undefined ? null : clip(text);
}

function b64(field: string, value: unknown): Uint8Array {
  return decodeBase64url(value, field);
}

function clientDataView(text: unknown, errors: string[]): View {
  try {
    const bytes = b64('clientDataJSON', text);
    const view: View = { sha256: toHex(sha256(bytes)), raw: clip(decodeUtf8(bytes) ?? `(not UTF-8, ${bytes.length} bytes)`) };
    try {
      const cd = parseClientDataJSON(bytes);
      view.type = clip(cd.type);
      view.challenge = clip(cd.challenge);
      view.origin = clip(cd.origin);
      view.crossOrigin = cd.crossOrigin ?? null;
      if (cd.topOrigin !== undefined) view.topOrigin = clip(cd.topOrigin);
      if (cd.tokenBinding !== undefined) view.tokenBinding = toView(cd.tokenBinding);
    } catch (e) {
      view.parsed = errorView(e, errors);
    }
    return view;
  } catch (e) {
    return errorView(e, errors);
  }
}

function coseKeyView(bytes: Uint8Array, errors: string[]): View {
  try {
    const key = decodeCOSEKey(bytes);
    const alg = (key as { alg?: number }).alg;
    return {
      bytes: bytes.length,
      kty: key.kty,
      alg: alg === undefined ? null : `${alg} (${coseAlgorithmName(alg) ?? 'unknown'})`,
      jwk: toView(coseKeyToJWK(key)),
    };
  } catch (e) {
    return { bytes: bytes.length, hex: hexDump(bytes), ...errorView(e, errors) };
  }
}

function authDataView(bytes: Uint8Array, errors: string[]): View {
  let ad: AuthenticatorData;
  try {
    ad = parseAuthenticatorData(bytes);
  } catch (e) {
    return { bytes: bytes.length, hex: hexDump(bytes), ...errorView(e, errors) };
  }
  const f = ad.flags;
  const view: View = {
    bytes: bytes.length,
    rpIdHash: toHex(ad.rpIdHash),
    flags: {
      raw: `0x${f.raw.toString(16).padStart(2, '0')}`,
      UP: f.userPresent, UV: f.userVerified, BE: f.backupEligible, BS: f.backedUp, AT: f.attestedCredentialData, ED: f.extensionData,
    },
    signCount: ad.signCount,
  };
  const acd = ad.attestedCredentialData;
  if (acd) {
    view.attestedCredentialData = {
      aaguid: toUuid(acd.aaguid),
      credentialId: encodeBase64url(acd.credentialId),
      credentialIdLength: acd.credentialId.length,
      credentialPublicKey: coseKeyView(acd.credentialPublicKey, errors),
    };
  }
  if (ad.extensions) view.extensions = toView(ad.extensions);
  return view;
}

function attStmtView(attStmt: Map<string | number, CborValue> | CborValue[], errors: string[]): View {
  const view: View = {};
  if (Array.isArray(attStmt)) {
    // compound (L3 §8.9): an array of { fmt, attStmt } sub-statements.
    view.statements = attStmt.map((sub) =>
      sub instanceof Map ? { fmt: clip(String(sub.get('fmt'))), attStmt: sub.get('attStmt') instanceof Map ? attStmtView(sub.get('attStmt') as Map<string | number, CborValue>, errors) : null } : null,
    );
    return view;
  }
  for (const [key, value] of attStmt) {
    const k = String(key);
    if (k === 'alg' && typeof value === 'number') view.alg = `${value} (${coseAlgorithmName(value) ?? 'unknown'})`;
    else if (k === 'x5c' && Array.isArray(value)) view.x5c = value.map((c) => certificateView(c, errors));
    else if (k === 'response' && value instanceof Uint8Array) view.response = { bytes: value.length, text: clip(decodeUtf8(value) ?? '(not UTF-8)', 200) };
    else setMember(view, clip(k, 256), toView(value));
  }
  return view;
}

/** Decodes a response JSON object (or a vector-format case whose `.response` is one). */
export function inspect(input: unknown): InspectResult {
  const errors: string[] = [];
  let cred = input as Record<string, unknown>;
  if (cred && typeof cred === 'object' && 'ceremony' in cred && typeof cred.response === 'object') {
    cred = cred.response as Record<string, unknown>;
  }
  const r = (cred && typeof cred === 'object' ? cred.response : undefined) as Record<string, unknown> | undefined;
  if (!r || typeof r !== 'object') {
    return { kind: 'authentication', view: { error: 'ERR_RESPONSE_INVALID', message: 'Not a PublicKeyCredential JSON object (no .response)' }, errors: ['ERR_RESPONSE_INVALID'] };
  }
  const kind = 'attestationObject' in r ? 'registration' : 'authentication';
  const view: View = {
    ceremony: kind,
    id: typeof cred.id === 'string' ? clip(cred.id) : null,
    type: typeof cred.type === 'string' ? clip(cred.type) : null,
    authenticatorAttachment: typeof cred.authenticatorAttachment === 'string' ? clip(cred.authenticatorAttachment) : null,
    clientData: clientDataView(r.clientDataJSON, errors),
  };
  if (kind === 'registration') {
    try {
      const ao = parseAttestationObject(b64('attestationObject', r.attestationObject));
      view.attestation = { fmt: clip(ao.fmt), attStmt: attStmtView(ao.attStmt, errors) };
      view.authenticatorData = authDataView(ao.authData, errors);
    } catch (e) {
      view.attestation = errorView(e, errors);
    }
    if (Array.isArray(r.transports)) view.transports = toView(r.transports);
  } else {
    try {
      view.authenticatorData = authDataView(b64('authenticatorData', r.authenticatorData), errors);
    } catch (e) {
      view.authenticatorData = errorView(e, errors);
    }
    try {
      const sig = b64('signature', r.signature);
      view.signature = { bytes: sig.length, hex: hexDump(sig) };
    } catch (e) {
      view.signature = errorView(e, errors);
    }
    if (typeof r.userHandle === 'string' && r.userHandle !== '') {
      try {
        const uh = b64('userHandle', r.userHandle);
        view.userHandle = { base64url: clip(r.userHandle), bytes: uh.length, utf8: utf8Text(uh) };
      } catch (e) {
        view.userHandle = errorView(e, errors);
      }
    } else view.userHandle = null;
  }
  view.clientExtensionResults = toView(cred.clientExtensionResults ?? {});
  return { kind, view, errors };
}
