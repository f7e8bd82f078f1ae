/**
 * The fallback for PublicKeyCredential.prototype.toJSON (WebAuthn L3 §5.1.8): the same JSON, for
 * browsers that lack it. Every member toJSON produces is produced here: id, rawId, type,
 * authenticatorAttachment, clientExtensionResults (ArrayBuffers as base64url) and the response's
 * clientDataJSON, attestationObject, authenticatorData, transports, publicKey, publicKeyAlgorithm
 * (registration) or authenticatorData, signature, userHandle (authentication). Methods a browser
 * lacks (getPublicKey() is missing in some) leave their member out, as toJSON would not have it.
 */
import { encodeBase64url } from '../encoding/base64url.js';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../parse/types.js';

type Json = Record<string, unknown>;

/** The parts of a PublicKeyCredential and its response this reads (all optional but id/rawId). */
export interface CredentialLike {
  id: string;
  rawId: ArrayBuffer;
  type: string;
  authenticatorAttachment?: string | null;
  getClientExtensionResults?: () => unknown;
  response: Record<string, unknown>;
  toJSON?: () => unknown;
}

const isBinary = (v: unknown): v is ArrayBuffer | ArrayBufferView => v instanceof ArrayBuffer || ArrayBuffer.isView(v);

function b64u(v: ArrayBuffer | ArrayBufferView): string {
  return encodeBase64url(v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
}

/** ArrayBuffers anywhere in the extension outputs (prf results, largeBlob.blob) as base64url. */
function jsonValue(v: unknown): unknown {
  if (isBinary(v)) return b64u(v);
  if (Array.isArray(v)) return v.map(jsonValue);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonValue(x)]));
  return v;
}

/** `response.<method>()` when the browser has the method, else undefined. */
function call(response: Record<string, unknown>, method: string): unknown {
  const fn = response[method];
  return typeof fn === 'function' ? (fn as () => unknown).call(response) : undefined;
}

function envelope(cred: CredentialLike, response: Json): Json {
  const out: Json = { id: cred.id, rawId: b64u(cred.rawId), type: cred.type, response };
  if (typeof cred.authenticatorAttachment === 'string') out.authenticatorAttachment = cred.authenticatorAttachment;
  out.clientExtensionResults = jsonValue(cred.getClientExtensionResults?.() ?? {});
  return out;
}

export function registrationToJSON(cred: CredentialLike): RegistrationResponseJSON {
  const r = cred.response;
  const response: Json = { clientDataJSON: b64u(r.clientDataJSON as ArrayBuffer), attestationObject: b64u(r.attestationObject as ArrayBuffer) };
  const authenticatorData = call(r, 'getAuthenticatorData');
  if (isBinary(authenticatorData)) response.authenticatorData = b64u(authenticatorData);
  const transports = call(r, 'getTransports');
  if (Array.isArray(transports)) response.transports = [...transports];
  const publicKey = call(r, 'getPublicKey');
  if (isBinary(publicKey)) response.publicKey = b64u(publicKey);
  const publicKeyAlgorithm = call(r, 'getPublicKeyAlgorithm');
  if (typeof publicKeyAlgorithm === 'number') response.publicKeyAlgorithm = publicKeyAlgorithm;
  return envelope(cred, response) as unknown as RegistrationResponseJSON;
}

export function authenticationToJSON(cred: CredentialLike): AuthenticationResponseJSON {
  const r = cred.response;
  const response: Json = {
    clientDataJSON: b64u(r.clientDataJSON as ArrayBuffer),
    authenticatorData: b64u(r.authenticatorData as ArrayBuffer),
    signature: b64u(r.signature as ArrayBuffer),
  };
  if (isBinary(r.userHandle)) response.userHandle = b64u(r.userHandle);
  return envelope(cred, response) as unknown as AuthenticationResponseJSON;
}
