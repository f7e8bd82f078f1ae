/**
 * The metadata BLOB payload (FIDO MDS v3.0 §3.1.6 MetadataBLOBPayload, §3.1.1 entries), checked for
 * the members and types this library relies on, then deep-frozen so no caller can edit a verified
 * entry. Members we do not read are kept as published. Every defect is ERR_METADATA_BLOB_INVALID
 * with the entry index and member, so a broken BLOB is refused whole, never half-loaded.
 */
import { WebAuthnError } from '../errors.js';
import type { MetadataEntry } from './types.js';

/** A bound on entries; the 2022 BLOB has 126, current ones a few hundred. */
export const MAX_METADATA_ENTRIES = 100_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const AAGUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const KEY_IDENTIFIER = /^[0-9a-fA-F]{40}$/;

function invalid(reason: string, details: Record<string, unknown> = {}): never {
  throw new WebAuthnError('ERR_METADATA_BLOB_INVALID', 'Metadata BLOB payload is invalid', { reason, ...details });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** 'YYYY-MM-DD' naming a real calendar day. */
function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (m === null) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export const isAaguid = (v: unknown): v is string => typeof v === 'string' && AAGUID.test(v);
export const isKeyIdentifier = (v: unknown): v is string => typeof v === 'string' && KEY_IDENTIFIER.test(v);

function checkStatusReports(reports: unknown, index: number): void {
  if (!Array.isArray(reports)) invalid('statusReports is not an array', { index });
  reports.forEach((r: unknown, i) => {
    if (!isObject(r) || typeof r['status'] !== 'string') invalid('status report has no status', { index, report: i });
    if (r['effectiveDate'] !== undefined && !isIsoDate(r['effectiveDate'])) invalid('effectiveDate is not YYYY-MM-DD', { index, report: i });
    if (r['certificate'] !== undefined && typeof r['certificate'] !== 'string') invalid('certificate is not a string', { index, report: i });
  });
}

function checkStatement(statement: unknown, index: number): void {
  if (statement === undefined) return;
  if (!isObject(statement)) invalid('metadataStatement is not an object', { index });
  if (statement['description'] !== undefined && typeof statement['description'] !== 'string') invalid('description is not a string', { index });
  for (const member of ['attestationTypes', 'attestationRootCertificates', 'authenticationAlgorithms']) {
    if (statement[member] !== undefined && !isStringArray(statement[member])) invalid(`${member} is not an array of strings`, { index });
  }
}

function checkEntry(entry: unknown, index: number): void {
  if (!isObject(entry)) invalid('entry is not an object', { index });
  if (entry['aaguid'] !== undefined && !isAaguid(entry['aaguid'])) invalid('aaguid is not 8-4-4-4-12 hex', { index });
  if (entry['aaid'] !== undefined && typeof entry['aaid'] !== 'string') invalid('aaid is not a string', { index });
  const ids = entry['attestationCertificateKeyIdentifiers'];
  if (ids !== undefined && !(Array.isArray(ids) && ids.every(isKeyIdentifier))) {
    invalid('attestationCertificateKeyIdentifiers is not an array of 40-hex-digit strings', { index });
  }
  checkStatement(entry['metadataStatement'], index);
  checkStatusReports(entry['statusReports'], index);
  if (typeof entry['timeOfLastStatusChange'] !== 'string') invalid('timeOfLastStatusChange is not a string', { index });
}

/** Freezes a JSON value and everything under it, without recursion (nesting depth is the sender's). */
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) continue;
    Object.freeze(v);
    for (const child of Object.values(v)) stack.push(child);
  }
  return value;
}

export interface MetadataPayload {
  readonly no: number;
  readonly nextUpdate: string;
  readonly legalHeader: string;
  readonly entries: readonly MetadataEntry[];
}

/** Checks the payload members (§3.1.6) and every entry (§3.1.1); returns them frozen. */
export function readMetadataPayload(payload: Readonly<Record<string, unknown>>): MetadataPayload {
  const { no, nextUpdate, legalHeader, entries } = payload;
  if (typeof no !== 'number' || !Number.isSafeInteger(no) || no < 0) invalid('no is not a non-negative integer');
  if (!isIsoDate(nextUpdate)) invalid('nextUpdate is not YYYY-MM-DD');
  if (typeof legalHeader !== 'string') invalid('legalHeader is not a string');
  if (!Array.isArray(entries)) invalid('entries is not an array');
  if (entries.length > MAX_METADATA_ENTRIES) invalid('too many entries', { received: entries.length });
  entries.forEach(checkEntry);
  return { no, nextUpdate, legalHeader, entries: deepFreeze(entries as MetadataEntry[]) };
}
