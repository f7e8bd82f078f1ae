// Optional FIDO metadata for the demo (DEMO_MDS_BLOB): the BLOB is verified once at start, then used
// only to *name* each passkey's authenticator by its AAGUID. It is not passed to verifyRegistration:
// the demo accepts any authenticator (docs/demo.md says why the name is therefore a claim).
import { readFile } from 'node:fs/promises';
import { isWebAuthnError, verifyMetadataBLOB } from 'webauthn-verify';

/** A start-up configuration that cannot be used: server.mjs prints the message and exits 1. */
export class StartupError extends Error {}

/**
 * Reads DEMO_MDS_BLOB (a BLOB .jwt file), DEMO_MDS_ROOT (its root, PEM or DER; default: the
 * FIDO root embedded in the library) and DEMO_MDS_NOW (an ISO date to verify at; test-only, for an
 * old BLOB such as fixtures/mds/mds3-blob-no20-2022-10.jwt). Returns undefined when no BLOB is set.
 * @param {(name: string) => string | undefined} env
 * @returns {Promise<import('webauthn-verify').VerifiedMetadata | undefined>}
 */
export async function loadMetadataFromEnv(env) {
  const blobPath = env('DEMO_MDS_BLOB');
  const rootPath = env('DEMO_MDS_ROOT');
  const nowText = env('DEMO_MDS_NOW');
  if (blobPath === undefined) {
    if (rootPath !== undefined || nowText !== undefined) throw new StartupError('DEMO_MDS_ROOT and DEMO_MDS_NOW need DEMO_MDS_BLOB');
    return undefined;
  }
  const now = nowText === undefined ? undefined : readDate(nowText);
  const rootCertificate = rootPath === undefined ? undefined : asPemOrDer(await readConfigFile('DEMO_MDS_ROOT', rootPath));
  const blob = await readConfigFile('DEMO_MDS_BLOB', blobPath);
  try {
    return await verifyMetadataBLOB(blob, { ...(now ? { now } : {}), ...(rootCertificate ? { rootCertificate } : {}) });
  } catch (e) {
    if (!isWebAuthnError(e)) throw e;
    const cause = e.cause instanceof Error && 'code' in e.cause ? ` (cause: ${e.cause.code})` : '';
    throw new StartupError(`DEMO_MDS_BLOB ${blobPath} refused: ${e.code}${cause}: ${e.message}`);
  }
}

function readDate(text) {
  // A full ISO 8601 date or date-time; Date.parse alone would also take "1" or "March 3".
  const date = /^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text) ? new Date(text) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new StartupError(`DEMO_MDS_NOW must be an ISO date such as 2022-10-20, got ${text}`);
  return date;
}

async function readConfigFile(name, path) {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new StartupError(`cannot read ${name} ${path}: ${e.code ?? e.message}`);
  }
}

/** PEM text stays text (the library parses it); anything else is handed over as DER bytes. */
function asPemOrDer(bytes) {
  const text = new TextDecoder().decode(bytes.subarray(0, 64));
  return text.trimStart().startsWith('-----BEGIN') ? new TextDecoder().decode(bytes) : bytes;
}
