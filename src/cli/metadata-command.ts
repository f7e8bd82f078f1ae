/**
 * `webauthn-verify metadata <blob.jwt> [--now ISO] [--aaguid X] [--json]`: verifies a FIDO MDS3 BLOB
 * with the library's verifyMetadataBLOB (embedded GlobalSign root) and prints its serial, next update
 * and entry count; with --aaguid, that authenticator's description, status history and attestation
 * roots. Everything printed goes through the escaping printer: the BLOB's text is the signer's, but
 * a file handed to an auditor may be anything.
 */
import { isWebAuthnError } from '../errors.js';
import { verifyMetadataBLOB } from '../metadata/blob.js';
import { entryAttestationRoots } from '../metadata/entry.js';
import type { MetadataEntry } from '../metadata/types.js';
import { shortName } from '../x509/names.js';
import type { ParsedArgs } from './args.js';
import type { Printer } from './output.js';

const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text);

function rootsOf(entry: MetadataEntry): { subject: string; sha256: string; notAfter: string }[] | string {
  try {
    return entryAttestationRoots(entry).map((c) => ({
      subject: c.subject.map((a) => `${shortName(a.oid) ?? a.oid}=${a.value}`).join(', '),
      sha256: c.fingerprintSha256,
      notAfter: c.notAfter.toISOString(),
    }));
  } catch (e) {
    return isWebAuthnError(e) ? `${e.code}: ${e.message}` : String(e);
  }
}

function entryView(entry: MetadataEntry) {
  return {
    description: entry.metadataStatement?.description,
    attestationTypes: entry.metadataStatement?.attestationTypes ?? [],
    statusReports: entry.statusReports.map((r) => ({ effectiveDate: r.effectiveDate, status: r.status })),
    attestationRoots: rootsOf(entry),
  };
}

function printEntry(view: ReturnType<typeof entryView>, say: Printer): void {
  say.out(`description:       ${clip(String(view.description))}`);
  say.out(`attestation types: ${view.attestationTypes.join(', ')}`);
  say.out('status history:');
  for (const r of view.statusReports.slice(0, 50)) say.out(`  ${r.effectiveDate ?? '(no date)'}  ${clip(r.status, 64)}`);
  if (typeof view.attestationRoots === 'string') {
    say.out(`attestation roots: unreadable (${view.attestationRoots})`);
    return;
  }
  say.out(`attestation roots: ${view.attestationRoots.length}`);
  for (const r of view.attestationRoots.slice(0, 50)) say.out(`  ${clip(r.subject)}  sha256 ${r.sha256}  until ${r.notAfter}`);
}

/** Exit 0 verified (and the AAGUID found); 1 refused or AAGUID not listed; 2 usage. */
export async function runMetadata(text: string, args: ParsedArgs, say: Printer): Promise<number> {
  const nowText = args.values.get('--now')?.[0];
  const now = nowText === undefined ? new Date() : new Date(nowText);
  if (Number.isNaN(now.getTime())) {
    say.err(`webauthn-verify: --now is not a date: ${nowText}`);
    return 2;
  }
  let metadata;
  try {
    // Downloaded files often end with a newline; the library itself refuses trailing whitespace.
    metadata = await verifyMetadataBLOB(text.trimEnd(), { now });
  } catch (e) {
    if (!isWebAuthnError(e)) throw e;
    const cause = isWebAuthnError(e.cause) ? ` (${e.cause.code}: ${e.cause.message})` : '';
    say.err(`webauthn-verify: REJECTED ${e.code}: ${e.message}${cause}`);
    return 1;
  }
  const aaguid = args.values.get('--aaguid')?.[0];
  const entry = aaguid === undefined ? undefined : metadata.findByAAGUID(aaguid);
  const summary = { verified: true, no: metadata.no, nextUpdate: metadata.nextUpdate, entries: metadata.entries.length };
  if (args.json) say.json(aaguid === undefined ? summary : { ...summary, aaguid, entry: entry === undefined ? null : entryView(entry) });
  else {
    say.out(`VERIFIED metadata BLOB: serial ${metadata.no}, next update ${metadata.nextUpdate}, ${metadata.entries.length} entries`);
    if (entry !== undefined) printEntry(entryView(entry), say);
  }
  if (aaguid !== undefined && entry === undefined) {
    say.err(`webauthn-verify: AAGUID ${aaguid} is not listed in this BLOB`);
    return 1;
  }
  return 0;
}
