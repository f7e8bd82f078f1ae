/**
 * `webauthn-verify inspect`: decodes a RegistrationResponseJSON or AuthenticationResponseJSON into
 * an annotated tree an auditor can read. It only decodes, it verifies nothing: each part is
 * parsed with the library's strict parsers, and a part that fails is shown with its error code
 * (the rest is still shown). No node: APIs here; src/cli.ts does the I/O.
 */
import { parseAttestationObject } from '../attestation-object.js';
import { parseAuthenticatorData, type AuthenticatorData } from '../authenticator-data.js';
import type { CborValue } from '../cbor/decode.js';
import { parseClientDataJSON } from '../client-data.js';
import { coseAlgorithmName } from '../cose/algorithms.js';
import { decodeCOSEKey } from '../cose/key.js';
import { coseKeyToJWK } from '../cose/to-jwk.js';
import { sha256 } from '../crypto/hash.js';
import { decodeBase64url, encodeBase64url } from '../encoding/base64url.js';
import { decodeUtf8, toHex, toUuid } from '../encoding/bytes.js';
import { isWebAuthnError } from '../errors.js';
import { parseCertificate } from '../x509/certificate.js';
import type { DistinguishedName } from '../x509/names.js';

/** A node of the annotated view: plain JSON values, so `--json` can print it as is. */
export type View = { [key: string]: ViewValue };
export type ViewValue = string | number | boolean | null | View | ViewValue[];

export interface InspectResult {
  kind: 'registration' | 'authentication';
  view: View;
  /** Error codes met while decoding, in order. Empty when every part decoded. */
  errors: string[];
}

const ATTR_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.5': 'serialNumber',
};

const KNOWN_EXTENSIONS: Readonly<Record<string, string>> = {
  '2.5.29.19': 'basicConstraints',
  '2.5.29.15': 'keyUsage',
  '2.5.29.37': 'extKeyUsage',
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.17': 'subjectAltName',
  '1.3.6.1.4.1.45724.1.1.4': 'id-fido-gen-ce-aaguid',
  '1.3.6.1.4.1.45724.2.1.1': 'FIDO U2F transports',
  '1.3.6.1.4.1.11129.2.1.17': 'Android key attestation',
  '1.2.840.113635.100.8.2': 'Apple anonymous attestation nonce',
};

function formatName(name: DistinguishedName): string {
  return name.map((a) => `${ATTR_NAMES[a.oid] ?? a.oid}=${a.value}`).join(', ');
}

function errorView(e: unknown, errors: string[]): View {
  if (isWebAuthnError(e)) {
    errors.push(e.code);
    return { error: e.code, message: e.message, ...(e.details ? { details: toView(e.details) } : {}) };
  }
  // Not a WebAuthnError: a decoder bug, shown as such (deliberately not an ERR_* code).
  errors.push('UNEXPECTED_ERROR');
  return { error: 'UNEXPECTED_ERROR', message: String(e) };
}

/** Any decoded value as JSON: bytes become { bytes, hex }, maps become objects, bigints strings. */
export function toView(value: unknown): ViewValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return { bytes: value.length, hex: toHex(value) };
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toView);
  if (value instanceof Map) {
    const out: View = {};
    for (const [k, v] of value) out[String(k)] = toView(v);
    return out;
  }
  if (typeof value === 'object') {
    const out: View = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toView(v);
    return out;
  }
  return String(value);
}

function b64(field: string, value: unknown): Uint8Array {
  return decodeBase64url(value, field);
}

function clientDataView(text: unknown, errors: string[]): View {
  try {
    const bytes = b64('clientDataJSON', text);
    const view: View = { sha256: toHex(sha256(bytes)), raw: decodeUtf8(bytes) ?? `(not UTF-8, ${bytes.length} bytes)` };
    try {
      const cd = parseClientDataJSON(bytes);
      view.type = cd.type;
      view.challenge = cd.challenge;
      view.origin = cd.origin;
      view.crossOrigin = cd.crossOrigin ?? null;
      if (cd.topOrigin !== undefined) view.topOrigin = cd.topOrigin;
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
    return { bytes: bytes.length, hex: toHex(bytes), ...errorView(e, errors) };
  }
}

function authDataView(bytes: Uint8Array, errors: string[]): View {
  let ad: AuthenticatorData;
  try {
    ad = parseAuthenticatorData(bytes);
  } catch (e) {
    return { bytes: bytes.length, hex: toHex(bytes), ...errorView(e, errors) };
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

function certificateView(der: unknown, errors: string[]): View {
  if (!(der instanceof Uint8Array)) return errorView(new Error('x5c entry is not a byte string'), errors);
  try {
    const c = parseCertificate(der);
    return {
      subject: formatName(c.subject),
      issuer: formatName(c.issuer),
      serialNumber: c.serialNumberHex,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      sha256Fingerprint: c.fingerprintSha256,
      selfIssued: toHex(c.subjectDer) === toHex(c.issuerDer),
      basicConstraints: c.basicConstraints ? toView(c.basicConstraints) : null,
      extensions: [...c.extensions.keys()].map((oid) => (KNOWN_EXTENSIONS[oid] ? `${oid} (${KNOWN_EXTENSIONS[oid]})` : oid)),
    };
  } catch (e) {
    return { bytes: der.length, ...errorView(e, errors) };
  }
}

function attStmtView(attStmt: Map<string | number, CborValue> | CborValue[], errors: string[]): View {
  const view: View = {};
  if (Array.isArray(attStmt)) {
    // compound (L3 §8.9): an array of { fmt, attStmt } sub-statements.
    view.statements = attStmt.map((sub) =>
      sub instanceof Map ? { fmt: String(sub.get('fmt')), attStmt: sub.get('attStmt') instanceof Map ? attStmtView(sub.get('attStmt') as Map<string | number, CborValue>, errors) : null } : null,
    );
    return view;
  }
  for (const [key, value] of attStmt) {
    const k = String(key);
    if (k === 'alg' && typeof value === 'number') view.alg = `${value} (${coseAlgorithmName(value) ?? 'unknown'})`;
    else if (k === 'x5c' && Array.isArray(value)) view.x5c = value.map((c) => certificateView(c, errors));
    else if (k === 'response' && value instanceof Uint8Array) view.response = { bytes: value.length, text: (decodeUtf8(value) ?? '').slice(0, 200) };
    else view[k] = toView(value);
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
    id: typeof cred.id === 'string' ? cred.id : null,
    type: typeof cred.type === 'string' ? cred.type : null,
    authenticatorAttachment: typeof cred.authenticatorAttachment === 'string' ? cred.authenticatorAttachment : null,
    clientData: clientDataView(r.clientDataJSON, errors),
  };
  if (kind === 'registration') {
    try {
      const ao = parseAttestationObject(b64('attestationObject', r.attestationObject));
      view.attestation = { fmt: ao.fmt, attStmt: attStmtView(ao.attStmt, errors) };
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
      view.signature = { bytes: sig.length, hex: toHex(sig) };
    } catch (e) {
      view.signature = errorView(e, errors);
    }
    if (typeof r.userHandle === 'string' && r.userHandle !== '') {
      try {
        const uh = b64('userHandle', r.userHandle);
        view.userHandle = { base64url: r.userHandle, bytes: uh.length, utf8: decodeUtf8(uh) ?? null };
      } catch (e) {
        view.userHandle = errorView(e, errors);
      }
    } else view.userHandle = null;
  }
  view.clientExtensionResults = toView(cred.clientExtensionResults ?? {});
  return { kind, view, errors };
}

/** The view as indented text: `key: value` lines, nested objects indented by two spaces. */
export function renderView(view: ViewValue, indent = ''): string {
  if (view === null || typeof view !== 'object') return `${String(view)}\n`;
  const lines: string[] = [];
  const entries: [string, ViewValue][] = Array.isArray(view) ? view.map((v, i) => [`[${i}]`, v]) : Object.entries(view);
  if (entries.length === 0) return `${Array.isArray(view) ? '[]' : '{}'}\n`;
  for (const [k, v] of entries) {
    if (v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0)) {
      lines.push(`${indent}${k}:\n${renderView(v, `${indent}  `)}`);
    } else {
      lines.push(`${indent}${k}: ${renderView(v, '').trimEnd()}\n`);
    }
  }
  return (Array.isArray(view) || indent === '' ? '' : '') + lines.join('');
}
