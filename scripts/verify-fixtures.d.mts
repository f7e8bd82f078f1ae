// Types for scripts/verify-fixtures.mjs (imported by test/helpers/disputed.ts and test/verify-fixtures.test.ts).
export interface DisputedRow {
  readonly id: string;
  readonly vectorSays: 'verified' | 'rejected';
  readonly weSay: 'verified' | 'rejected';
  readonly code?: string;
  readonly reason: string;
}
export interface FixtureFile {
  readonly file: string;
  readonly cases: readonly any[];
}
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}
export type Agreement = 'agrees' | 'disputed' | 'DISAGREES' | 'STALE DISPUTE' | 'ERROR';
export interface FixtureRow {
  readonly id: string;
  readonly source: string;
  readonly expected: string;
  readonly ours: string;
  readonly agreement: Agreement;
  readonly note: string;
}
export const ROOT: string;
export const DISPUTED_DOC: string;
export const DISPUTED_START: string;
export const DISPUTED_END: string;
export function parseDisputedTable(markdown: string): Map<string, DisputedRow>;
export function readDisputed(root?: string): Map<string, DisputedRow>;
export function loadFixtureFiles(root?: string): FixtureFile[];
export function judgeCase(c: any, verdict: any, disputed: ReadonlyMap<string, DisputedRow>): FixtureRow;
export function verifyFixtures(input: {
  files: readonly FixtureFile[];
  disputed: ReadonlyMap<string, DisputedRow>;
  runCli: (argv: string[]) => Promise<CliRun>;
  concurrency?: number;
}): Promise<{ rows: FixtureRow[]; problems: string[] }>;
export function formatRows(rows: readonly FixtureRow[]): string[];
export function summaryLine(rows: readonly FixtureRow[], problems: readonly string[]): string;
