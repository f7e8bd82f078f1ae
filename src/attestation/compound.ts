/**
 * "compound" attestation statement format, WebAuthn L3 §8.9 (Editor's Draft)
 * https://w3c.github.io/webauthn/#sctn-compound-attestation
 *
 *   $$attStmtType //= (
 *                         fmt: "compound",
 *                         attStmt: [2* nonCompoundAttStmt]
 *                     )
 *   nonCompoundAttStmt = { $$attStmtType } .within { fmt: text .ne "compound", * any => any }
 *
 * Verification (L3): evaluate each sub-statement's own verification procedure with the same
 * authenticatorData and clientDataHash; how many must succeed is RP policy. Our policy (stricter,
 * docs/attestation.md "## compound"): EVERY sub-statement must verify, at least 2 and at most
 * MAX_COMPOUND_STATEMENTS, each a map with exactly { fmt: text, attStmt }, no nested compound, and
 * every fmt must be in the table the verifier was built with AND allowed by the RP
 * (`ctx.subStatements.formats`, the same list as §7.1 step 21 applies to a top-level fmt). Each
 * sub-statement is verified with the trust anchors resolved for ITS fmt (§7.1 step 23), never with
 * anchors resolved for "compound".
 *
 * Result: `statements` lists each sub-result in order. The top-level `type`, `trustPath` and
 * `trusted` describe the WEAKEST sub-statement (type order none < self < anonca < attca < basic;
 * among equals the first), and `trusted` is true only when every sub-statement's chain was trusted,
 * so code that looks only at the top level never over-reads a compound statement.
 *
 * The verifier needs the dispatch table, which is built by the lead's formats.ts; it is passed in
 * (createCompoundVerifier) so this module imports none of the format verifiers (no import cycle).
 */
import { WebAuthnError } from '../errors.js';
import type { AttestationContext, AttestationResult, AttestationType, AttestationVerifier, SubStatementPolicy } from './types.js';
import type { CborMap } from '../cbor/decode.js';
import type { ParsedCertificate } from '../x509/certificate.js';

/** Bounds the work one registration can cause (each sub-statement may carry a chain). */
export const MAX_COMPOUND_STATEMENTS = 8;

const STRENGTH: Readonly<Record<AttestationType, number>> = Object.freeze({
  none: 0,
  self: 1,
  anonca: 2,
  attca: 3,
  basic: 4,
});

function invalid(message: string, details: Record<string, unknown>): never {
  throw new WebAuthnError('ERR_ATTESTATION_COMPOUND_INVALID', message, details);
}

interface SubStatement {
  readonly fmt: string;
  readonly sub: CborMap;
  readonly verifier: AttestationVerifier;
}

/** §8.9 CDDL `attStmt: [2* nonCompoundAttStmt]`, bounded by MAX_COMPOUND_STATEMENTS. */
function readList(attStmt: unknown): unknown[] {
  if (!Array.isArray(attStmt)) invalid('compound attStmt must be an array', { received: typeof attStmt });
  if (attStmt.length < 2 || attStmt.length > MAX_COMPOUND_STATEMENTS) {
    invalid('compound attStmt must hold 2 to 8 statements', { expected: `2..${MAX_COMPOUND_STATEMENTS}`, received: attStmt.length });
  }
  return attStmt;
}

/** One `nonCompoundAttStmt` (§8.9): exactly { fmt, attStmt }, a known fmt the RP allows (§7.1 step 21). */
function readEntry(
  item: unknown,
  index: number,
  formats: ReadonlyMap<string, AttestationVerifier>,
  policy: SubStatementPolicy | undefined,
): SubStatement {
  if (!(item instanceof Map)) invalid('compound entry must be a map', { index, received: typeof item });
  for (const key of item.keys()) {
    if (key !== 'fmt' && key !== 'attStmt') invalid('compound entry has an unknown key', { index, received: String(key) });
  }
  const fmt = item.get('fmt');
  if (typeof fmt !== 'string' || fmt.length === 0) invalid('compound entry fmt must be a non-empty text string', { index });
  if (fmt === 'compound') invalid('compound statements must not nest', { index });
  const sub = item.get('attStmt');
  if (!(sub instanceof Map)) invalid('compound entry attStmt must be a map', { index, fmt });
  const verifier = formats.get(fmt);
  if (verifier === undefined) {
    throw new WebAuthnError('ERR_ATTESTATION_FORMAT_UNSUPPORTED', 'Unsupported attestation statement format', { received: fmt, index, within: 'compound' });
  }
  // §7.1 step 21 for the sub-statement: without the RP's list (a bare context), nothing is allowed.
  if (policy === undefined || !policy.formats.includes(fmt)) {
    throw new WebAuthnError('ERR_ATTESTATION_FORMAT_NOT_ALLOWED', 'Attestation format is not allowed by the RP', { received: fmt, index, within: 'compound' });
  }
  return { fmt, sub: sub as CborMap, verifier };
}

/** §7.1 step 23 per sub-statement fmt; each fmt is resolved once per compound statement. */
function anchorResolver(policy: SubStatementPolicy): (fmt: string) => Promise<readonly ParsedCertificate[] | undefined> {
  const seen = new Map<string, Promise<readonly ParsedCertificate[] | undefined>>();
  return (fmt) => {
    let anchors = seen.get(fmt);
    if (anchors === undefined) seen.set(fmt, (anchors = policy.anchorsFor(fmt)));
    return anchors;
  };
}

/** The weakest sub-result at the top level; trusted only when every sub-statement was. */
function summarize(statements: AttestationResult[]): AttestationResult {
  let weakest = statements[0]!;
  for (const s of statements) if (STRENGTH[s.type] < STRENGTH[weakest.type]) weakest = s;
  return {
    fmt: 'compound',
    type: weakest.type,
    trustPath: weakest.trustPath,
    trusted: statements.every((s) => s.trusted),
    statements: Object.freeze(statements),
  };
}

export function createCompoundVerifier(table: Readonly<Record<string, AttestationVerifier>>): AttestationVerifier {
  // Snapshot the table so later changes to the caller's object cannot swap a verifier.
  const formats: ReadonlyMap<string, AttestationVerifier> = new Map(Object.entries(table));
  return async (attStmt, ctx) => {
    // The CDDL makes attStmt an array here; the common verifier signature says CborMap.
    const policy = ctx.subStatements;
    // Every entry is checked (shape, known, allowed) before any verifier runs.
    const subs = readList(attStmt).map((item, index) => readEntry(item, index, formats, policy));
    // readEntry refused every entry when the policy is absent, so it is present here.
    const anchorsFor = anchorResolver(policy as SubStatementPolicy);
    // Sequential on purpose: a failure stops the work early and the first failing index is the reported one.
    const statements: AttestationResult[] = [];
    for (const { fmt, sub, verifier } of subs) {
      const subCtx: AttestationContext = { ...ctx, trustAnchors: await anchorsFor(fmt), subStatements: undefined };
      statements.push(await verifier(sub, subCtx));
    }
    return summarize(statements);
  };
}
