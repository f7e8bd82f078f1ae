/**
 * clientDataJSON builder following the serialisation of WebAuthn L3 §5.8.1.1 ("Serialization"):
 * type, challenge, origin, crossOrigin, then topOrigin when present, then any further members.
 * The challenge is written as unpadded base64url of the challenge bytes (§5.8.1 challenge).
 */
import { decodeBase64url, encodeBase64url } from '../encoding/base64url.js';
import { encodeUtf8 } from '../encoding/bytes.js';

/** Fault knobs that act on clientDataJSON (both ceremonies). */
export interface ClientDataFaults {
  /** Replaces clientData.type (e.g. 'webauthn.get' in a registration). */
  type?: string;
  /** Leaves one required member out. */
  omitClientDataField?: 'type' | 'challenge' | 'origin';
  /** Raw clientDataJSON text, used (and hashed/signed) exactly as given; every other client-data option is ignored. */
  clientDataJSON?: string;
  /** Edits the object before serialisation (insertion order is kept; return the object to use). */
  mutateClientData?: (clientData: Record<string, unknown>) => Record<string, unknown>;
}

export interface BuildClientDataOptions {
  type: 'webauthn.create' | 'webauthn.get';
  /** base64url text (used as is) or raw bytes (base64url-encoded). */
  challenge: string | Uint8Array;
  origin: string;
  crossOrigin?: boolean;
  topOrigin?: string;
  /** Extra members appended after the standard ones. */
  clientDataExtra?: Record<string, unknown>;
  faults?: ClientDataFaults;
}

/** Challenge as it appears in clientDataJSON. A string is taken to be base64url already (checked). */
export function challengeToBase64url(challenge: string | Uint8Array): string {
  if (typeof challenge === 'string') {
    decodeBase64url(challenge, 'challenge'); // throws ERR_BASE64URL_* for text that is not base64url
    return challenge;
  }
  return encodeBase64url(challenge);
}

/** Returns the clientDataJSON text and its UTF-8 bytes. */
export function buildClientDataJSON(options: BuildClientDataOptions): { json: string; bytes: Uint8Array<ArrayBuffer> } {
  const faults = options.faults ?? {};
  if (faults.clientDataJSON !== undefined) {
    return { json: faults.clientDataJSON, bytes: encodeUtf8(faults.clientDataJSON) };
  }
  let data: Record<string, unknown> = {
    type: faults.type ?? options.type,
    challenge: challengeToBase64url(options.challenge),
    origin: options.origin,
    crossOrigin: options.crossOrigin ?? false,
  };
  if (options.topOrigin !== undefined) data['topOrigin'] = options.topOrigin;
  if (options.clientDataExtra) {
    for (const [k, v] of Object.entries(options.clientDataExtra)) data[k] = v;
  }
  if (faults.omitClientDataField) delete data[faults.omitClientDataField];
  if (faults.mutateClientData) data = faults.mutateClientData(data);
  const json = JSON.stringify(data);
  return { json, bytes: encodeUtf8(json) };
}
