/**
 * The `verify` subcommand around runCase: which cases the input holds (one case, an array of
 * cases, a `{ cases: [...] }` file, or a plain response with flags) and how verdicts are printed.
 */
import type { ParsedArgs } from './args.js';
import { CaseFormatError, isObject, readCase, type CaseSpec } from './case.js';
import type { Printer } from './output.js';
import { isPlainResponse, plainCase } from './plain.js';
import { runCase, type CaseVerdict } from './verify.js';
import { renderLines } from './view.js';

async function anchorFiles(args: ParsedArgs, readInput: (path: string) => Promise<string>): Promise<string[]> {
  const texts: string[] = [];
  for (const file of args.values.get('--trust-anchors') ?? []) {
    try {
      texts.push(await readInput(file));
    } catch (e) {
      throw new CaseFormatError(`--trust-anchors: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return texts;
}

function caseList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value) && !('ceremony' in value) && Array.isArray(value.cases)) return value.cases;
  return [value];
}

/** The cases to run. Throws CaseFormatError for a malformed case or flags given with a case file. */
export async function readCases(value: unknown, args: ParsedArgs, readInput: (path: string) => Promise<string>): Promise<CaseSpec[]> {
  if (isPlainResponse(value)) return [plainCase(value as Record<string, unknown>, args, await anchorFiles(args, readInput))];
  if (args.values.size > 0 || args.switches.size > 0) {
    throw new CaseFormatError('expectation flags apply only to a plain response; a case file carries its own expectations');
  }
  const list = caseList(value);
  if (list.length === 0) throw new CaseFormatError('no cases in the file');
  return list.map((c, i) => {
    try {
      return readCase(c);
    } catch (e) {
      if (e instanceof CaseFormatError && list.length > 1) throw new CaseFormatError(`case [${i}]: ${e.message}`);
      throw e;
    }
  });
}

/** --explain: one line per check (step, outcome, check, detail), then the policy. */
function explainLines(v: CaseVerdict): string[] {
  const checks = (v.audit ?? []).map((a) => `  ${a.step.padEnd(8)} ${a.outcome.padEnd(6)} ${a.check}${a.detail === undefined ? '' : ` — ${a.detail}`}`);
  const policy = (v.policy ?? []).map((p) => `  ${p.effect.padEnd(8)} ${p.option} = ${p.value} (${p.note})`);
  return ['audit (step, outcome, check — detail):', ...checks, ...(policy.length > 0 ? ['policy:', ...policy] : [])];
}

function verdictLines(v: CaseVerdict, name: string): string[] {
  const lines = v.verified
    ? [`VERIFIED ${v.ceremony} ${name}`, ...renderLines(v.result ?? {}, '  ')]
    : [`REJECTED ${v.ceremony} ${name}: ${v.code} (${v.message})`, ...(v.details ? renderLines(v.details, '  ') : [])];
  if (v.audit) lines.push(...explainLines(v));
  const x = v.expected;
  if (x) {
    const says = x.verified ? 'verified' : `rejected (${x.why ?? 'no reason given'})`;
    lines.push(`case expects: ${says}; ${x.agrees ? 'agrees' : `DISAGREES: ${x.differences.join('; ')}`}`);
  }
  return lines;
}

/** Runs every case, prints the verdicts; exit 0 when every case verified, 1 otherwise. */
export async function printVerdicts(cases: CaseSpec[], args: ParsedArgs, say: Printer): Promise<number> {
  const verdicts: CaseVerdict[] = [];
  for (const spec of cases) verdicts.push(await runCase(spec, args.explain));
  if (args.json) say.json(verdicts.length === 1 ? verdicts[0] : verdicts);
  else {
    verdicts.forEach((v, i) => {
      const name = v.id ?? (verdicts.length === 1 ? args.file : `${args.file}[${i}]`);
      for (const line of verdictLines(v, name)) say.out(line);
    });
  }
  return verdicts.every((v) => v.verified) ? 0 : 1;
}
