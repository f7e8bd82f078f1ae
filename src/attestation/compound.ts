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
 * every fmt must be in the table the verifier was built with.
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
import type { AttestationResult, AttestationType, AttestationVerifier } from './types.js';
import type { CborMap } from '../cbor/decode.js';

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

export function createCompoundVerifier(table: Readonly<Record<string, AttestationVerifier>>): AttestationVerifier {
  // Snapshot the table so later changes to the caller's object cannot swap a verifier.
  const formats: ReadonlyMap<string, AttestationVerifier> = new Map(Object.entries(table));
  return async (attStmt, ctx) => {
    // The CDDL makes attStmt an array here; the common verifier signature says CborMap.
    const list = attStmt as unknown;
    if (!Array.isArray(list)) invalid('compound attStmt must be an array', { received: typeof list });
    if (list.length < 2 || list.length > MAX_COMPOUND_STATEMENTS) {
      invalid('compound attStmt must hold 2 to 8 statements', { expected: `2..${MAX_COMPOUND_STATEMENTS}`, received: list.length });
    }
    const subs = list.map((item: unknown, index) => {
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
        throw new WebAuthnError('ERR_ATTESTATION_FORMAT_UNSUPPORTED', 'Unsupported attestation statement format', {
          received: fmt,
          index,
          within: 'compound',
        });
      }
      return { fmt, sub: sub as CborMap, verifier };
    });
    // Sequential on purpose: a failure stops the work early and the first failing index is the reported one.
    const statements: AttestationResult[] = [];
    for (const { sub, verifier } of subs) statements.push(await verifier(sub, ctx));
    let weakest = statements[0]!;
    for (const s of statements) if (STRENGTH[s.type] < STRENGTH[weakest.type]) weakest = s;
    const result: AttestationResult = {
      fmt: 'compound',
      type: weakest.type,
      trustPath: weakest.trustPath,
      trusted: statements.every((s) => s.trusted),
      statements: Object.freeze(statements),
    };
    return result;
  };
}
