/**
 * Authenticator status from metadata (FIDO MDS v3.0 §3.1.3–3.1.4), decided at the verification time.
 *
 * - The status *reported* is the latest report in effect at `now` (effectiveDate ≤ now; a report
 *   without a date is in effect from the start; among equal dates the later one in the list wins).
 * - A registration is *refused* when ANY report in effect at `now` has a refused status, not only the
 *   latest: a later FIDO_CERTIFIED or UPDATE_AVAILABLE report does not take back a compromise for
 *   devices that were never updated (stricter than reading the latest report only; documented in
 *   docs/attestation.md). ATTESTATION_KEY_COMPROMISE that names a certificate refuses only chains
 *   whose validated path holds that certificate's key (§3.1.3 "certificate").
 */
import { decodeStandardBase64 } from '../encoding/base64.js';
import { equalBytes } from '../encoding/bytes.js';
import { parseCertificate } from '../x509/certificate.js';
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

/**
 * Reports take effect on a calendar day with no time zone (MDS v3.0 §3.1.3 effectiveDate). A refusal
 * applies from the earliest instant that day exists anywhere (UTC+14), so no time zone sees a revoked
 * authenticator still accepted; the reported status uses the UTC day.
 */
const EARLIEST_ZONE_MS = 14 * 3_600_000;

/**
 * ATTESTATION_KEY_COMPROMISE that names a certificate (§3.1.3 `certificate`) concerns its KEY: it
 * refuses a chain whose validated path (x5c and the anchor it reached) holds a certificate with that
 * SubjectPublicKeyInfo, however the certificate is encoded (a re-signed or re-encoded copy has other
 * bytes but the same key). A named certificate we cannot read refuses every chain (fail closed).
 */
function namesKeyOutside(report: MetadataStatusReport, pathKeys: readonly Uint8Array[]): boolean {
  if (report.status !== 'ATTESTATION_KEY_COMPROMISE' || report.certificate === undefined) return false;
  const der = decodeStandardBase64(report.certificate);
  let spki: Uint8Array;
  try {
    if (der === undefined) return false;
    spki = parseCertificate(der).spki;
  } catch {
    return false;
  }
  return !pathKeys.some((k) => equalBytes(k, spki));
}

/** Whether an in-effect compromise report names a certificate (the caller then needs the validated path's keys). */
export function namesCompromisedCertificate(entry: MetadataEntry, now: Date): boolean {
  const today = day(new Date(now.getTime() + EARLIEST_ZONE_MS));
  return entry.statusReports.some((r) => r.status === 'ATTESTATION_KEY_COMPROMISE' && r.certificate !== undefined && inEffect(r, today));
}

/**
 * The first report in effect at `now` (from the earliest time zone) whose status is refused for a
 * chain whose validated path holds these SubjectPublicKeyInfos, if any.
 */
export function refusedReport(
  entry: MetadataEntry,
  now: Date,
  pathKeys: readonly Uint8Array[],
  refuse: ReadonlySet<string>,
): MetadataStatusReport | undefined {
  const today = day(new Date(now.getTime() + EARLIEST_ZONE_MS));
  return entry.statusReports.find((r) => inEffect(r, today) && refuse.has(r.status) && !namesKeyOutside(r, pathKeys));
}
