/**
 * What `verify` runs: a case, read either from a case file (the vector format documented in
 * docs/api.md, "CLI") or from a plain response plus the expectation flags. Both become the same
 * `CaseSpec`, so one code path verifies them. A malformed case is a `CaseFormatError` (exit 2).
 */

export class CaseFormatError extends Error {}

export interface CaseExpected {
  challenge: string;
  origin: string | string[];
  rpId: string | string[];
  /** Missing in a file: true (the library default; a case that says nothing does not weaken UV). */
  requireUserVerification: boolean;
  now?: Date;
  allowCrossOrigin: boolean;
  topOrigin?: string | string[];
}

/** What the case says a correct verifier concludes (vector `result`). */
export interface CaseResult {
  verified: boolean;
  why?: string;
  /** The verified:true fields the case gives (fmt, attestationType, alg, aaguid, counter, …). */
  fields: Record<string, string | number | boolean>;
}

export interface CaseSpec {
  id: string | null;
  ceremony: 'registration' | 'authentication';
  response: unknown;
  expected: CaseExpected;
  credential?: { id: string; publicKey: string; counter: number };
  trustAnchors?: string[];
  /** COSE algorithm ids the RP accepts (--alg); undefined: see verify.ts `algorithmsFor`. */
  algorithms?: number[];
  result?: CaseResult;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrList = (v: unknown): v is string | string[] => isString(v) || (Array.isArray(v) && v.length > 0 && v.every(isString));

/** obj[key] when `check` accepts it; otherwise a CaseFormatError naming `where.key`. */
export function field<T>(obj: Record<string, unknown>, where: string, key: string, check: (v: unknown) => v is T, what: string): T {
  const v = Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  if (!check(v)) throw new CaseFormatError(`${where}.${key}: expected ${what}`);
  return v;
}

function optional<T>(obj: Record<string, unknown>, where: string, key: string, check: (v: unknown) => v is T, what: string): T | undefined {
  return obj[key] === undefined ? undefined : field(obj, where, key, check, what);
}

export function parseDate(text: string, where: string): Date {
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(d.getTime())) throw new CaseFormatError(`${where}: expected an ISO 8601 date-time`);
  return d;
}

function readExpected(e: Record<string, unknown>): CaseExpected {
  const w = 'case.expected';
  const now = optional(e, w, 'now', isString, 'an ISO 8601 date-time');
  const uv = optional(e, w, 'requireUserVerification', (v): v is boolean => typeof v === 'boolean', 'true or false');
  const topOrigin = optional(e, w, 'topOrigin', isStringOrList, 'a string or list of strings');
  return {
    challenge: field(e, w, 'challenge', isString, 'a base64url string'),
    origin: field(e, w, 'origin', isStringOrList, 'a string or list of strings'),
    rpId: field(e, w, 'rpId', isStringOrList, 'a string or list of strings'),
    requireUserVerification: uv ?? true,
    allowCrossOrigin: optional(e, w, 'allowCrossOrigin', (v): v is boolean => typeof v === 'boolean', 'true or false') ?? false,
    ...(now !== undefined ? { now: parseDate(now, `${w}.now`) } : {}),
    ...(topOrigin !== undefined ? { topOrigin } : {}),
  };
}

const RESULT_FIELDS = ['fmt', 'attestationType', 'alg', 'aaguid', 'counter', 'userVerified', 'backupEligible', 'backedUp'] as const;

function readResult(r: unknown): CaseResult | undefined {
  if (r === undefined) return undefined;
  if (!isObject(r) || typeof r.verified !== 'boolean') throw new CaseFormatError('case.result: expected { "verified": true|false, … }');
  const fields: Record<string, string | number | boolean> = {};
  for (const k of RESULT_FIELDS) {
    const v = r[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = v;
  }
  return { verified: r.verified, ...(typeof r.why === 'string' ? { why: r.why } : {}), fields };
}

function readCredential(c: Record<string, unknown>): CaseSpec['credential'] {
  const cred = field(c, 'case', 'credential', isObject, 'an object with id, publicKey, counter');
  return {
    id: field(cred, 'case.credential', 'id', isString, 'a base64url string'),
    publicKey: field(cred, 'case.credential', 'publicKey', isString, 'a base64url COSE_Key'),
    counter: field(cred, 'case.credential', 'counter', (v): v is number => Number.isSafeInteger(v) && (v as number) >= 0, 'a non-negative integer'),
  };
}

/** One case object of a case file. */
export function readCase(input: unknown): CaseSpec {
  if (!isObject(input)) throw new CaseFormatError('case: expected a JSON object');
  const ceremony = field(input, 'case', 'ceremony', (v): v is CaseSpec['ceremony'] => v === 'registration' || v === 'authentication', '"registration" or "authentication"');
  const expected = readExpected(field(input, 'case', 'expected', isObject, 'an object'));
  const anchors = optional(input, 'case', 'trustAnchors', (v): v is string[] => Array.isArray(v) && v.every(isString), 'a list of PEM strings');
  const result = readResult(input.result);
  return {
    id: typeof input.id === 'string' ? input.id : null,
    ceremony,
    response: input.response,
    expected,
    ...(ceremony === 'authentication' ? { credential: readCredential(input) } : {}),
    ...(anchors !== undefined ? { trustAnchors: anchors } : {}),
    ...(result ? { result } : {}),
  };
}
