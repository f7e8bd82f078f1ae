// Metadata BLOB load: verifyMetadataBLOB on the real MDS3 BLOB (fixtures/mds, 1.8 MB, 126 entries)
// at a time inside its signer's validity: JWS parse + strict JSON, chain to GlobalSign R3, RS256
// signature, payload checks and indexes. Sequential calls, median over rounds.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const BLOB = fs.readFileSync(path.join(here, '..', 'fixtures', 'mds', 'mds3-blob-no20-2022-10.jwt'), 'utf8');
const NOW = new Date('2022-10-20T00:00:00Z');

/** Correctness first: the real BLOB verifies, and a copy with one payload character changed does not. */
export async function metadataGate(index) {
  const ok = await index.verifyMetadataBLOB(BLOB, { now: NOW });
  const i = BLOB.indexOf('.') + 200;
  const tampered = BLOB.slice(0, i) + (BLOB[i] === 'A' ? 'B' : 'A') + BLOB.slice(i + 1);
  const refused = await index.verifyMetadataBLOB(tampered, { now: NOW }).then(() => false, () => true);
  return ok.entries.length === 126 && refused ? [] : ['metadata: the real BLOB or its tampered copy got the wrong verdict'];
}

/** Milliseconds per verifyMetadataBLOB call (median of `rounds` rounds of `perRound` calls). */
export async function metadataLoadMs(index, { rounds, perRound = 5 }) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let k = 0; k < perRound; k++) await index.verifyMetadataBLOB(BLOB, { now: NOW });
    samples.push((performance.now() - t0) / perRound);
  }
  return { ms: median(samples), bytes: BLOB.length };
}
