/**
 * verifyMetadataBLOB on the real MDS3 BLOB (fixtures/mds, serial 20) and on the shapes a payload must
 * have. The forgery paths (tampering, alg, roots, expiry, replay) are in test/attacks/metadata-blob-forgery.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { DEFAULT_METADATA_ROOT_SHA256, MAX_METADATA_BLOB_BYTES, statusAt, verifyMetadataBLOB } from '../../../src/metadata/index.js';
import { toHex } from '../../../src/encoding/bytes.js';
import { createMetadataBLOB } from '../../../src/testing/index.js';
import { fixturePath, readFixtureBytes } from '../../helpers/fixtures.js';
import { codeOf } from '../../helpers/codes.js';

const REAL_BLOB = readFileSync(fixturePath('mds', 'mds3-blob-no20-2022-10.jwt'), 'utf8');
const INSIDE_VALIDITY = new Date('2022-10-20T00:00:00Z');
const NOW = new Date('2026-06-01T00:00:00Z');

const entry = (over: Record<string, unknown> = {}) => ({
  aaguid: '0123abcd-0000-4000-8000-000000000001',
  metadataStatement: { description: 'Test Key', attestationTypes: ['basic_full'], attestationRootCertificates: [] },
  statusReports: [{ status: 'FIDO_CERTIFIED', effectiveDate: '2020-01-01' }],
  timeOfLastStatusChange: '2020-01-01',
  ...over,
});
const payload = (over: Record<string, unknown> = {}) => ({ legalHeader: 'test', no: 7, nextUpdate: '2026-07-01', entries: [entry()], ...over });

async function synthetic(p: Record<string, unknown>) {
  const { blob, chain } = await createMetadataBLOB({ payload: p, now: NOW });
  return verifyMetadataBLOB(blob, { now: NOW, rootCertificate: chain.anchorsPem[0]! });
}

describe('the real MDS3 BLOB (serial 20)', () => {
  it('verifies to the embedded GlobalSign root at a time inside its signer validity', async () => {
    const m = await verifyMetadataBLOB(REAL_BLOB, { now: INSIDE_VALIDITY });
    expect(m.no).toBe(20);
    expect(m.nextUpdate).toBe('2022-11-01');
    expect(m.entries).toHaveLength(126);
    expect(m.legalHeader).toMatch(/^Retrieval and use of this BLOB/);
    // Also as bytes.
    expect((await verifyMetadataBLOB(new TextEncoder().encode(REAL_BLOB), { now: INSIDE_VALIDITY })).no).toBe(20);
  });

  it('finds entries by AAGUID and by key identifier, in any case, and nothing for malformed keys', async () => {
    const m = await verifyMetadataBLOB(REAL_BLOB, { now: INSIDE_VALIDITY });
    expect(m.findByAAGUID('FA2B99DC-9E39-4257-8F92-4A30D23C4118')?.metadataStatement?.description).toBe('YubiKey 5 Series with NFC');
    expect(m.findByAAGUID('fa2b99dc-9e39-4257-8f92-4a30d23c4118')).toBe(m.findByAAGUID('FA2B99DC-9E39-4257-8F92-4A30D23C4118'));
    expect(m.findByKeyIdentifier('1434D2F277FE479C35DDF6AA4D08A07CBCE99DD7')?.metadataStatement?.description).toBe('NEOWAVE Winkeo FIDO2');
    expect(m.findByAAGUID('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(m.findByAAGUID('fa2b99dc9e3942578f924a30d23c4118')).toBeUndefined();
    expect(m.findByKeyIdentifier('1434d2f2')).toBeUndefined();
  });

  it('hands out frozen entries that no caller can edit', async () => {
    const m = await verifyMetadataBLOB(REAL_BLOB, { now: INSIDE_VALIDITY });
    const e = m.findByAAGUID('fa2b99dc-9e39-4257-8f92-4a30d23c4118')!;
    expect(Object.isFrozen(m.entries) && Object.isFrozen(e) && Object.isFrozen(e.metadataStatement) && Object.isFrozen(e.statusReports[0])).toBe(true);
    expect(() => {
      (e.metadataStatement as { description: string }).description = 'forged';
    }).toThrow(TypeError);
  });

  it('is refused at today\'s date: its signer expired on 2023-06-13', async () => {
    const err = await verifyMetadataBLOB(REAL_BLOB, { now: NOW }).catch((e) => e);
    expect([err.code, err.cause?.code]).toEqual(['ERR_METADATA_CHAIN_UNTRUSTED', 'ERR_X509_EXPIRED']);
  });

  it('embeds GlobalSign Root CA - R3 byte for byte (fingerprint from the fixture README)', () => {
    expect(toHex(sha256(readFixtureBytes('mds', 'globalsign-root-r3.der')))).toBe(DEFAULT_METADATA_ROOT_SHA256);
  });

  it('reports each entry\'s latest status in effect at a time', async () => {
    const m = await verifyMetadataBLOB(REAL_BLOB, { now: INSIDE_VALIDITY });
    const yk = m.findByAAGUID('fa2b99dc-9e39-4257-8f92-4a30d23c4118')!;
    expect(statusAt(yk, INSIDE_VALIDITY)?.status).toMatch(/^FIDO_CERTIFIED/);
    expect(statusAt(yk, new Date('2000-01-01'))).toBeUndefined();
  });
});

describe('input and options', () => {
  it('refuses non-text input, trailing whitespace and absurd sizes with codes', async () => {
    expect(await codeOf(verifyMetadataBLOB(42 as never))).toBe('ERR_METADATA_BLOB_INVALID');
    const ws = await verifyMetadataBLOB(`${REAL_BLOB}\n`, { now: INSIDE_VALIDITY }).catch((e) => e);
    expect([ws.code, ws.details.reason]).toEqual(['ERR_METADATA_BLOB_INVALID', 'trailing whitespace (trim the downloaded text)']);
    expect(await codeOf(verifyMetadataBLOB('a'.repeat(MAX_METADATA_BLOB_BYTES + 1)))).toBe('ERR_METADATA_BLOB_TOO_LARGE');
    expect(await codeOf(verifyMetadataBLOB('a.b'))).toBe('ERR_METADATA_BLOB_INVALID');
  });

  it('checks its options', async () => {
    for (const options of [{ now: new Date('x') }, { minimumSerial: -1 }, { minimumSerial: 1.5 }, { crls: 'x' }, { rootCertificate: 'not pem' }]) {
      const code = await codeOf(verifyMetadataBLOB(REAL_BLOB, options as never));
      expect(['ERR_OPTIONS_INVALID', 'ERR_X509_ANCHOR_INVALID']).toContain(code);
    }
  });
});

describe('payload shape (FIDO MDS v3.0 §3.1.1, §3.1.6)', () => {
  it('accepts a well-formed synthetic BLOB and keeps unknown members as published', async () => {
    const m = await synthetic(payload({ entries: [entry({ vendorExtra: { a: [1] } })] }));
    expect(m.no).toBe(7);
    expect(m.entries[0]!['vendorExtra']).toEqual({ a: [1] });
  });

  const bad: Array<[string, Record<string, unknown>]> = [
    ['negative no', payload({ no: -1 })],
    ['fractional no', payload({ no: 1.5 })],
    ['impossible nextUpdate', payload({ nextUpdate: '2026-02-30' })],
    ['nextUpdate with a time', payload({ nextUpdate: '2026-02-01T00:00:00Z' })],
    ['missing legalHeader', { no: 1, nextUpdate: '2026-07-01', entries: [] }],
    ['entries not an array', payload({ entries: {} })],
    ['malformed aaguid', payload({ entries: [entry({ aaguid: 'not-a-uuid' })] })],
    ['short key identifier', payload({ entries: [entry({ attestationCertificateKeyIdentifiers: ['abcd'] })] })],
    ['statusReports missing', payload({ entries: [entry({ statusReports: undefined })] })],
    ['status report without status', payload({ entries: [entry({ statusReports: [{ effectiveDate: '2020-01-01' }] })] })],
    ['roots not strings', payload({ entries: [entry({ metadataStatement: { attestationRootCertificates: [1] } })] })],
    ['an AAGUID listed twice', payload({ entries: [entry(), entry()] })],
    ['a key identifier listed twice', payload({ entries: [entry({ aaguid: undefined, attestationCertificateKeyIdentifiers: ['ab'.repeat(20)] }), entry({ aaguid: undefined, attestationCertificateKeyIdentifiers: ['AB'.repeat(20)] })] })],
  ];
  for (const [name, p] of bad) {
    it(`refuses ${name}`, async () => {
      expect(await codeOf(synthetic(p))).toBe('ERR_METADATA_BLOB_INVALID');
    });
  }
});
