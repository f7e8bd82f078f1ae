/**
 * The fallback for PublicKeyCredential.parseCreationOptionsFromJSON / parseRequestOptionsFromJSON
 * (WebAuthn L3 §5.1.9, §5.1.10): the same conversion, for browsers that lack them. Every member the
 * JSON forms encode as base64url becomes an ArrayBuffer (challenge, user.id, credential descriptor
 * ids, and the binary extension inputs prf and largeBlob.write); everything else is copied as is.
 * Bad input is ERR_OPTIONS_INVALID naming the member (details.option), before the browser sees it.
 */
import { WebAuthnError } from '../errors.js';
import { decodeBase64url } from '../encoding/base64url.js';

type Json = Record<string, unknown>;

function invalid(option: string, expected: string): never {
  throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Invalid options JSON', { option, expected });
}

export function objectAt(value: unknown, option: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(option, 'object');
  return value as Json;
}

function buffer(value: unknown, option: string): ArrayBuffer {
  if (typeof value !== 'string') invalid(option, 'base64url string');
  try {
    const bytes = decodeBase64url(value, option);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  } catch (cause) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Invalid options JSON', { option, expected: 'base64url string' }, { cause });
  }
}

function descriptors(value: unknown, option: string): Json[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) invalid(option, 'array');
  return value.map((d, i) => {
    const descriptor = objectAt(d, `${option}[${i}]`);
    return { ...descriptor, id: buffer(descriptor.id, `${option}[${i}].id`) };
  });
}

function prfValues(value: unknown, option: string): Json {
  const v = objectAt(value, option);
  return { ...v, first: buffer(v.first, `${option}.first`), ...(v.second === undefined ? {} : { second: buffer(v.second, `${option}.second`) }) };
}

/** The client extension inputs with binary members (§10.1.4 prf, §10.1.5 largeBlob). */
function extensions(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  const ext = { ...objectAt(value, 'extensions') };
  if (ext.prf !== undefined) {
    const prf = { ...objectAt(ext.prf, 'extensions.prf') };
    if (prf.eval !== undefined) prf.eval = prfValues(prf.eval, 'extensions.prf.eval');
    if (prf.evalByCredential !== undefined) {
      const byId = objectAt(prf.evalByCredential, 'extensions.prf.evalByCredential');
      prf.evalByCredential = Object.fromEntries(Object.entries(byId).map(([id, v]) => [id, prfValues(v, `extensions.prf.evalByCredential.${id}`)]));
    }
    ext.prf = prf;
  }
  if (ext.largeBlob !== undefined) {
    const largeBlob = { ...objectAt(ext.largeBlob, 'extensions.largeBlob') };
    if (largeBlob.write !== undefined) largeBlob.write = buffer(largeBlob.write, 'extensions.largeBlob.write');
    ext.largeBlob = largeBlob;
  }
  return ext;
}

const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** §5.1.9 parseCreationOptionsFromJSON, by hand. */
export function creationOptionsFromJSON(json: unknown): Json {
  const o = objectAt(json, 'options');
  const user = objectAt(o.user, 'user');
  return defined({
    ...o,
    challenge: buffer(o.challenge, 'challenge'),
    user: { ...user, id: buffer(user.id, 'user.id') },
    excludeCredentials: descriptors(o.excludeCredentials, 'excludeCredentials'),
    extensions: extensions(o.extensions),
  });
}

/** §5.1.10 parseRequestOptionsFromJSON, by hand. */
export function requestOptionsFromJSON(json: unknown): Json {
  const o = objectAt(json, 'options');
  return defined({
    ...o,
    challenge: buffer(o.challenge, 'challenge'),
    allowCredentials: descriptors(o.allowCredentials, 'allowCredentials'),
    extensions: extensions(o.extensions),
  });
}
