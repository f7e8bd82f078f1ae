/**
 * `verify` on a plain response (a PublicKeyCredential JSON, not a case file): the expectations
 * come from flags (--challenge, --origin, --rp-id, …) and become the same CaseSpec a case file
 * gives, so both run through one path.
 */
import type { ParsedArgs } from './args.js';
import { CaseFormatError, isObject, parseDate, type CaseSpec } from './case.js';

/** True when the input is a response, not a case: it has a `response` object and no `ceremony`. */
export function isPlainResponse(input: unknown): boolean {
  return isObject(input) && !('ceremony' in input) && isObject(input.response);
}

function one(args: ParsedArgs, flag: string): string | undefined {
  return args.values.get(flag)?.[0];
}

function required(args: ParsedArgs, flag: string, why: string): string[] {
  const v = args.values.get(flag);
  if (!v || v.length === 0) throw new CaseFormatError(`a plain response needs ${flag} (${why})`);
  return v;
}

function counterFlag(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffffffff) throw new CaseFormatError('--counter: expected an integer 0..4294967295');
  return Number(text);
}

/** COSE ids from --alg "-7,-8" (undefined when not given). */
function algorithmsFlag(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const ids = text.split(',').map((s) => s.trim());
  if (ids.length === 0 || !ids.every((s) => /^-?\d{1,6}$/.test(s))) throw new CaseFormatError('--alg: expected COSE algorithm ids, comma-separated (e.g. -7,-8,-257)');
  return ids.map(Number);
}

/** The case for a plain response; `anchors` is the PEM text of the --trust-anchors files. */
export function plainCase(response: Record<string, unknown>, args: ParsedArgs, anchors: string[]): CaseSpec {
  const inner = response.response as Record<string, unknown>;
  const ceremony = 'attestationObject' in inner ? 'registration' : 'authentication';
  const now = one(args, '--now');
  const topOrigin = args.values.get('--top-origin');
  const algorithms = algorithmsFlag(one(args, '--alg'));
  const spec: CaseSpec = {
    id: null,
    ceremony,
    response,
    expected: {
      challenge: required(args, '--challenge', 'the challenge the RP issued, base64url')[0]!,
      origin: required(args, '--origin', 'an origin the RP accepts; repeatable'),
      rpId: required(args, '--rp-id', 'the RP ID; repeatable'),
      requireUserVerification: !args.switches.has('--no-require-uv'),
      allowCrossOrigin: args.switches.has('--allow-cross-origin'),
      ...(now !== undefined ? { now: parseDate(now, '--now') } : {}),
      ...(topOrigin ? { topOrigin } : {}),
    },
    ...(anchors.length > 0 ? { trustAnchors: anchors } : {}),
    ...(algorithms ? { algorithms } : {}),
  };
  if (ceremony === 'authentication') {
    const publicKey = required(args, '--public-key', 'the stored COSE_Key, base64url')[0]!;
    // The stored id: --credential-id, or else the response's own id (then §7.2 step 5 compares it with itself).
    const id = one(args, '--credential-id') ?? (typeof response.id === 'string' ? response.id : '');
    spec.credential = { id, publicKey, counter: counterFlag(one(args, '--counter')) };
  }
  return spec;
}
