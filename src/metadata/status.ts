/**
 * Authenticator status from metadata (FIDO MDS v3.0 §3.1.3–3.1.4), decided at the verification time.
 *
 * - The status *reported* is the latest report in effect at `now` (effectiveDate ≤ now; a report
 *   without a date is in effect from the start; among equal dates the later one in the list wins).
 * - A registration is *refused* when ANY report in effect at `now` has a refused status, not only the
 *   latest: a later FIDO_CERTIFIED or UPDATE_AVAILABLE report does not take back a compromise for
 *   devices that were never updated (stricter than reading the latest report only; documented in
 *   docs/attestation.md). ATTESTATION_KEY_COMPROMISE that names a certificate refuses only chains
 *   that contain that certificate (§3.1.3 "certificate").
 */
import { decodeStandardBase64 } from '../encoding/base64.js';
import { equalBytes } from '../encoding/bytes.js';
import type { AuthenticatorStatus, MetadataEntry, MetadataStatusReport } from './types.js';

/** Refused by default: each one means the authenticator's attestation or keys cannot be relied on. */
export const DEFAULT_REFUSED_STATUSES: readonly AuthenticatorStatus[] = Object.freeze([
  'REVOKED',
  'ATTESTATION_KEY_COMPROMISE',
  'USER_VERIFICATION_BYPASS',
  'USER_KEY_REMOTE_COMPROMISE',
  'USER_KEY_PHYSICAL_COMPROMISE',
]);

const day = (now: Date): string => now.toISOString().slice(0, 10);

function inEffect(report: MetadataStatusReport, today: string): boolean {
  return report.effectiveDate === undefined || report.effectiveDate <= today;
}

/** The latest status report in effect at `now`, or undefined when none is. */
export function statusAt(entry: MetadataEntry, now: Date): MetadataStatusReport | undefined {
  const today = day(now);
  let latest: MetadataStatusReport | undefined;
  for (const report of entry.statusReports) {
    if (!inEffect(report, today)) continue;
    if (latest === undefined || (report.effectiveDate ?? '') >= (latest.effectiveDate ?? '')) latest = report;
  }
  return latest;
}

function namesCertificateOutside(report: MetadataStatusReport, chain: readonly Uint8Array[]): boolean {
  if (report.status !== 'ATTESTATION_KEY_COMPROMISE' || report.certificate === undefined) return false;
  const der = decodeStandardBase64(report.certificate);
  // A certificate we cannot read cannot be matched: refuse (fail closed), as if it named ours.
  if (der === undefined) return false;
  return !chain.some((c) => equalBytes(c, der));
}

/** The first report in effect at `now` whose status is refused for this chain, if any. */
export function refusedReport(
  entry: MetadataEntry,
  now: Date,
  chain: readonly Uint8Array[],
  refuse: ReadonlySet<string>,
): MetadataStatusReport | undefined {
  const today = day(now);
  return entry.statusReports.find((r) => inEffect(r, today) && refuse.has(r.status) && !namesCertificateOutside(r, chain));
}
