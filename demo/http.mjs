// The HTTP edge of the demo: bounded JSON bodies with an exact media type, and error responses
// that carry a code and a public message only (the evidence goes to the server log).
import { isWebAuthnError } from 'webauthn-verify';
import { bytesToBase64url } from './b64.mjs';

export const MAX_BODY_BYTES = 64 * 1024; // a registration response with a certificate chain is a few KB

export class DemoError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * True for `application/json` in any letter case, with or without parameters
 * (`application/json; charset=utf-8`). RFC 9110 §8.3.1: type and subtype are case-insensitive.
 * `application/jsonp`, `application/json-seq` and `text/json` are refused.
 */
export function isJsonMediaType(header) {
  if (typeof header !== 'string') return false;
  const essence = header.split(';', 1)[0].trim().toLowerCase();
  return essence === 'application/json';
}

/**
 * Reads a JSON object body, counting bytes as they arrive and stopping at MAX_BODY_BYTES: a larger
 * body (declared or streamed, chunked or not) is refused with 413 without being buffered.
 * @param {Request} request
 */
export async function readJsonBody(request) {
  if (!isJsonMediaType(request.headers.get('content-type'))) {
    throw new DemoError(415, 'DEMO_BAD_REQUEST', 'Expected Content-Type: application/json');
  }
  const declared = request.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= MAX_BODY_BYTES)) throw tooLarge();
  const bytes = await readAtMost(request.body, MAX_BODY_BYTES);
  let value;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new DemoError(400, 'DEMO_BAD_REQUEST', 'Body must be a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DemoError(400, 'DEMO_BAD_REQUEST', 'Body must be a JSON object');
  }
  return value;
}

/** @param {ReadableStream<Uint8Array> | null} stream @param {number} limit */
async function readAtMost(stream, limit) {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function tooLarge() {
  return new DemoError(413, 'DEMO_BODY_TOO_LARGE', `Request body larger than ${MAX_BODY_BYTES} bytes`);
}

/**
 * Maps an error to { status, code, message } for the client. A WebAuthnError's details (what the
 * response contained, which rule failed) are logged, never returned: the client gets the code
 * and the library's fixed message.
 * @param {unknown} err @param {(line: string) => void} log
 */
export function publicError(err, log, where) {
  if (isWebAuthnError(err)) {
    log(`refused ${where}: ${err.code} ${safeJson(err.details ?? null)}`);
    return { status: 400, code: err.code, message: err.message };
  }
  const e = /** @type {{ status?: number, code?: string, message?: string }} */ (err);
  if (typeof e?.code === 'string' && e.code.startsWith('DEMO_') && typeof e.status === 'number') {
    return { status: e.status, code: e.code, message: e.message };
  }
  log(`internal error ${where}: ${err instanceof Error ? err.stack : String(err)}`);
  return { status: 500, code: 'DEMO_INTERNAL', message: 'Internal error' };
}

export function safeJson(value) {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? bytesToBase64url(v) : v));
}

/**
 * What the page may see of a stored credential (no public key bytes, no owner handle), with the
 * authenticator's name when it is known (demo/authenticator-names.mjs: a claim, labelled so).
 * @param {(aaguid: string) => object | null} [nameOf]
 */
export function publicView(cr, nameOf = () => null) {
  return {
    id: cr.id,
    algorithm: cr.algorithm,
    counter: cr.counter,
    transports: cr.transports,
    backupEligible: cr.backupEligible,
    backedUp: cr.backedUp,
    aaguid: cr.aaguid,
    authenticator: nameOf(cr.aaguid),
    fmt: cr.fmt,
    attestationType: cr.attestationType,
    createdAt: cr.createdAt,
    lastUsedAt: cr.lastUsedAt,
  };
}

export function json(c, status, value) {
  return c.body(safeJson(value), status, { 'Content-Type': 'application/json' });
}
