/**
 * Trust anchors from configuration: PEM text (RFC 7468 §5, one or more CERTIFICATE blocks;
 * explanatory text between blocks is allowed) or DER bytes. Anything that is not a certificate is a
 * configuration error, reported as ERR_X509_ANCHOR_INVALID so it is not mistaken for a bad response.
 */
import { decodeStandardBase64, encodeStandardBase64 } from '../encoding/base64.js';
import { WebAuthnError } from '../errors.js';
import { parseCertificate, type ParsedCertificate } from './certificate.js';

/** A generous bound on configured anchors; more suggests a misconfiguration (e.g. a whole CA bundle). */
export const MAX_TRUST_ANCHORS = 1024;
const MAX_PEM_CHARS = 4 * 1024 * 1024;

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

function invalid(message: string, details: Record<string, unknown>, cause?: unknown): WebAuthnError {
  return new WebAuthnError('ERR_X509_ANCHOR_INVALID', message, details, cause === undefined ? undefined : { cause });
}

/** Parses configured trust anchors; every entry must yield at least one certificate. */
export function parseTrustAnchors(input: ReadonlyArray<string | Uint8Array>): ParsedCertificate[] {
  return parseAnchorList(input, parseCertificate);
}

/** parseTrustAnchors with the parser chosen by the caller (the attestation pipeline passes the cached one). */
export function parseAnchorList(
  input: ReadonlyArray<string | Uint8Array>,
  parse: (der: Uint8Array) => ParsedCertificate,
): ParsedCertificate[] {
  if (!Array.isArray(input)) throw invalid('Trust anchors must be an array', { received: typeof input });
  if (input.length > MAX_TRUST_ANCHORS) throw invalid('Too many trust anchors', { received: input.length });
  const out: ParsedCertificate[] = [];
  input.forEach((entry: unknown, index) => {
    if (entry instanceof Uint8Array) {
      out.push(parseAnchor(entry, index, parse));
    } else if (typeof entry === 'string') {
      for (const der of pemCertificates(entry, index)) out.push(parseAnchor(der, index, parse));
    } else {
      throw invalid('Trust anchor must be PEM text or DER bytes', { index, received: typeof entry });
    }
    if (out.length > MAX_TRUST_ANCHORS) throw invalid('Too many trust anchors', { received: out.length });
  });
  return out;
}

function parseAnchor(der: Uint8Array, index: number, parse: (der: Uint8Array) => ParsedCertificate): ParsedCertificate {
  try {
    return parse(der);
  } catch (e) {
    throw invalid('Trust anchor is not a valid certificate', { index }, e);
  }
}

/** The DER of every CERTIFICATE block in `text`; other block labels are refused. */
export function pemCertificates(text: string, index = 0): Uint8Array[] {
  return pemBlocks(text, 'CERTIFICATE', index);
}

/**
 * The DER of every `label` block in `text` (RFC 7468: CERTIFICATE §5, X509 CRL §6); a block with
 * another label is refused, and so is text with no block.
 */
export function pemBlocks(text: string, label: string, index = 0): Uint8Array[] {
  if (text.length > MAX_PEM_CHARS) throw invalid('PEM text too large', { index, received: text.length });
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const [, begin, body, end] = m;
    if (begin !== label || end !== label) {
      throw invalid(`PEM block is not a ${label}`, { index, received: begin });
    }
    // RFC 7468 §3: base64 text with whitespace between lines; no headers in these blocks.
    const der = decodeStandardBase64(body!.replace(/[\t\n\v\f\r ]/g, ''));
    if (der === undefined) throw invalid('PEM body is not base64', { index });
    out.push(der);
  }
  if (out.length === 0) throw invalid(`No PEM ${label} block found`, { index });
  return out;
}

/** PEM-encodes DER certificates (64-character lines, RFC 7468 §2). */
export function toPem(der: Uint8Array): string {
  const b64 = encodeStandardBase64(der);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
