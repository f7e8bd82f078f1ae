/**
 * Attacks on the metadata BLOB's trust (FIDO MDS v3.0 §3.2): each input tries to make
 * verifyMetadataBLOB accept entries the FIDO Alliance did not sign, and must be refused with a code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyMetadataBLOB } from '../../src/metadata/index.js';
import { encodeBase64url, decodeBase64url } from '../../src/encoding/base64url.js';
import { encodeStandardBase64 } from '../../src/encoding/base64.js';
import { createAttestationChain, createMetadataBLOB, type TestAttestationChain } from '../../src/testing/index.js';
import { generateTestKeyPair, issueTestCertificate } from '../../src/testing/certificates.js';
import { createMetadataSigningChain } from '../../src/testing/metadata.js';
import { seq, tlv } from '../../src/testing/der-writer.js';
import { codeOf } from '../helpers/codes.js';
import { fixturePath } from '../helpers/fixtures.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const REAL_BLOB = readFileSync(fixturePath('mds', 'mds3-blob-no20-2022-10.jwt'), 'utf8');
const INSIDE_VALIDITY = new Date('2022-10-20T00:00:00Z');
const payload = {
  legalHeader: 'test', no: 7, nextUpdate: '2026-07-01',
  entries: [{ aaguid: '0123abcd-0000-4000-8000-000000000001', statusReports: [{ status: 'FIDO_CERTIFIED' }], timeOfLastStatusChange: '2020-01-01' }],
};
const parts = (blob: string) => blob.split('.') as [string, string, string];
const json = (part: string) => JSON.parse(new TextDecoder().decode(decodeBase64url(part)));
const enc = (value: unknown) => encodeBase64url(new TextEncoder().encode(JSON.stringify(value)));

describe('metadata BLOB forgeries', () => {
  it('control: the untampered synthetic BLOB verifies to its own root', async () => {
    const { blob, chain } = await createMetadataBLOB({ payload, now: NOW });
    expect((await verifyMetadataBLOB(blob, { now: NOW, rootCertificate: chain.anchorsPem[0]! })).no).toBe(7);
  });

  it('a payload edited after signing (MDS §3.2 step 5)', async () => {
    const { blob, chain } = await createMetadataBLOB({ payload, now: NOW, faults: { tamperPayload: true } });
    expect(await codeOf(verifyMetadataBLOB(blob, { now: NOW, rootCertificate: chain.anchorsPem[0]! }))).toBe('ERR_METADATA_SIGNATURE_INVALID');
  });

  it('the real BLOB with one entry\'s status rewritten keeps its signature but not its verdict', async () => {
    const [h, p, s] = parts(REAL_BLOB);
    const body = json(p);
    body.entries[0].statusReports = [{ status: 'FIDO_CERTIFIED_L3plus' }];
    expect(await codeOf(verifyMetadataBLOB(`${h}.${enc(body)}.${s}`, { now: INSIDE_VALIDITY }))).toBe('ERR_METADATA_SIGNATURE_INVALID');
  });

  it('a flipped signature bit', async () => {
    const { blob, chain } = await createMetadataBLOB({ payload, now: NOW, faults: { tamperSignature: true } });
    expect(await codeOf(verifyMetadataBLOB(blob, { now: NOW, rootCertificate: chain.anchorsPem[0]! }))).toBe('ERR_METADATA_SIGNATURE_INVALID');
  });

  it('alg "none" with an empty signature, and alg "none" with any signature (RFC 7518 §3.6)', async () => {
    const { blob, chain } = await createMetadataBLOB({ payload, now: NOW, header: { alg: 'none' } });
    const err = await verifyMetadataBLOB(blob, { now: NOW, rootCertificate: chain.anchorsPem[0]! }).catch((e) => e);
    expect([err.code, err.details.reason]).toEqual(['ERR_METADATA_BLOB_INVALID', 'header.alg is "none"']);
    const [h, p] = parts(blob);
    expect(await codeOf(verifyMetadataBLOB(`${h}.${p}.`, { now: NOW, rootCertificate: chain.anchorsPem[0]! }))).toBe('ERR_METADATA_BLOB_INVALID');
  });

  it('an HMAC alg (a verifier that keys HS256 with the certificate would accept anyone\'s MAC)', async () => {
    const { blob, chain } = await createMetadataBLOB({ payload, now: NOW, header: { alg: 'HS256' } });
    expect(await codeOf(verifyMetadataBLOB(blob, { now: NOW, rootCertificate: chain.anchorsPem[0]! }))).toBe('ERR_METADATA_ALG_NOT_ALLOWED');
  });

  it('a header alg that does not fit the signer key (RS256 over an EC key)', async () => {
    const { blob, chain } = await createMetadataBLOB({ payload, now: NOW, header: { alg: 'RS256' } });
    expect(await codeOf(verifyMetadataBLOB(blob, { now: NOW, rootCertificate: chain.anchorsPem[0]! }))).toBe('ERR_METADATA_SIGNATURE_INVALID');
  });

  it('a self-made chain presented against the default (GlobalSign) root', async () => {
    const { blob } = await createMetadataBLOB({ payload, now: NOW });
    const err = await verifyMetadataBLOB(blob, { now: NOW }).catch((e) => e);
    expect([err.code, err.cause?.code]).toEqual(['ERR_METADATA_CHAIN_UNTRUSTED', 'ERR_X509_UNTRUSTED']);
  });

  it('the real BLOB checked against another root', async () => {
    const other = await createAttestationChain({ now: INSIDE_VALIDITY });
    expect(await codeOf(verifyMetadataBLOB(REAL_BLOB, { now: INSIDE_VALIDITY, rootCertificate: other.anchorsPem[0]! }))).toBe('ERR_METADATA_CHAIN_UNTRUSTED');
  });

  it('an expired signer (the chain was valid two years ago)', async () => {
    const old = await createMetadataSigningChain(new Date(NOW.getTime() - 2 * 365 * 86_400_000));
    const { blob } = await createMetadataBLOB({ payload, chain: old });
    const err = await verifyMetadataBLOB(blob, { now: NOW, rootCertificate: old.anchorsPem[0]! }).catch((e) => e);
    expect([err.code, err.cause?.code]).toEqual(['ERR_METADATA_CHAIN_UNTRUSTED', 'ERR_X509_EXPIRED']);
  });

  it('a replayed older BLOB (serial below the last one accepted)', async () => {
    const { blob, chain } = await createMetadataBLOB({ payload, now: NOW });
    const root = chain.anchorsPem[0]!;
    expect((await verifyMetadataBLOB(blob, { now: NOW, rootCertificate: root, minimumSerial: 7 })).no).toBe(7);
    expect(await codeOf(verifyMetadataBLOB(blob, { now: NOW, rootCertificate: root, minimumSerial: 8 }))).toBe('ERR_METADATA_SERIAL_REPLAYED');
    expect(await codeOf(verifyMetadataBLOB(REAL_BLOB, { now: INSIDE_VALIDITY, minimumSerial: 21 }))).toBe('ERR_METADATA_SERIAL_REPLAYED');
  });

  it('a replayed stale BLOB (signed, inside its signer validity, nextUpdate long past) with maxDaysPastNextUpdate → ERR_METADATA_STALE', async () => {
    const { blob, chain } = await createMetadataBLOB({ payload: { ...payload, nextUpdate: '2026-04-01' }, now: NOW });
    const root = chain.anchorsPem[0]!;
    const err = await verifyMetadataBLOB(blob, { now: NOW, rootCertificate: root, maxDaysPastNextUpdate: 30 }).catch((e) => e);
    expect([err.code, err.details.received]).toEqual(['ERR_METADATA_STALE', '2026-04-01']);
    // Boundaries: nextUpdate 2026-04-01 + 60 days is still current on 2026-05-31 (UTC), stale from 2026-06-01T00:00Z.
    expect(await codeOf(verifyMetadataBLOB(blob, { now: NOW, rootCertificate: root, maxDaysPastNextUpdate: 60 }))).toBe('ERR_METADATA_STALE');
    expect((await verifyMetadataBLOB(blob, { now: new Date(NOW.getTime() - 1), rootCertificate: root, maxDaysPastNextUpdate: 60 })).no).toBe(7);
    expect((await verifyMetadataBLOB(blob, { now: NOW, rootCertificate: root, maxDaysPastNextUpdate: 61 })).no).toBe(7);
    // Documented default: no bound (an offline RP may load a file it keeps); Infinity says the same.
    expect((await verifyMetadataBLOB(blob, { now: NOW, rootCertificate: root })).no).toBe(7);
    expect((await verifyMetadataBLOB(blob, { now: NOW, rootCertificate: root, maxDaysPastNextUpdate: Infinity })).no).toBe(7);
    // The real BLOB (nextUpdate 2022-11-01) a month later, at a time its signer was still valid.
    expect(await codeOf(verifyMetadataBLOB(REAL_BLOB, { now: new Date('2022-12-15T00:00:00Z'), maxDaysPastNextUpdate: 7 }))).toBe('ERR_METADATA_STALE');
  });

  it('a bad maxDaysPastNextUpdate option → ERR_OPTIONS_INVALID', async () => {
    for (const maxDaysPastNextUpdate of [-1, 1.5, Number.NaN, '7', -Infinity]) {
      expect(await codeOf(verifyMetadataBLOB(REAL_BLOB, { now: INSIDE_VALIDITY, maxDaysPastNextUpdate: maxDaysPastNextUpdate as number }))).toBe('ERR_OPTIONS_INVALID');
    }
  });

  it('a duplicate member name, so a signer and a verifier would read different entries (RFC 8259 §4)', async () => {
    // Correctly signed, so the verdict is about the payload (it is parsed only after the signature verifies).
    const chain = await createMetadataSigningChain(NOW);
    const text = JSON.stringify(payload).replace('"no":7', '"no":7,"no":99');
    const h = enc({ alg: 'ES256', x5c: chain.x5c.map((der) => encodeStandardBase64(der)) });
    const p = encodeBase64url(new TextEncoder().encode(text));
    const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, chain.leaf.privateKey, new TextEncoder().encode(`${h}.${p}`));
    const forged = `${h}.${p}.${encodeBase64url(new Uint8Array(sig))}`;
    const err = await verifyMetadataBLOB(forged, { now: NOW, rootCertificate: chain.anchorsPem[0]! }).catch((e) => e);
    expect([err.code, err.details.reason]).toEqual(['ERR_METADATA_BLOB_INVALID', 'payload has duplicate member names']);
  });

  it('a crit header (RFC 7515 §4.1.11) and a chain in x5u instead of x5c', async () => {
    const a = await createMetadataBLOB({ payload, now: NOW, header: { crit: ['exp'], exp: 1 } });
    expect(await codeOf(verifyMetadataBLOB(a.blob, { now: NOW, rootCertificate: a.chain.anchorsPem[0]! }))).toBe('ERR_METADATA_BLOB_INVALID');
    const b = await createMetadataBLOB({ payload, now: NOW, header: { x5c: undefined, x5u: 'https://attacker.example/chain' } });
    expect(await codeOf(verifyMetadataBLOB(b.blob, { now: NOW, rootCertificate: b.chain.anchorsPem[0]! }))).toBe('ERR_METADATA_BLOB_INVALID');
  });
});

/** `chain` with its signer replaced by one issued to `subject` (and a SAN with `dnsNames`, if given). */
async function withSigner(chain: TestAttestationChain, subject: [string, string][], dnsNames?: string[] | Uint8Array): Promise<TestAttestationChain> {
  const keys = await generateTestKeyPair('ES256');
  const sanDer = dnsNames instanceof Uint8Array ? dnsNames : dnsNames && seq(...dnsNames.map((n) => tlv(0x82, new TextEncoder().encode(n))));
  const san = sanDer === undefined ? [] : [{ oid: '2.5.29.17', critical: false, valueDer: sanDer }];
  const leaf = await issueTestCertificate({
    issuer: { certificate: chain.intermediate.certificate, privateKey: chain.intermediate.privateKey },
    subject, publicKey: keys.publicKey, signingKey: chain.intermediate.privateKey,
    notBefore: new Date(NOW.getTime() - 86_400_000), notAfter: new Date(NOW.getTime() + 86_400_000), keyUsage: ['digitalSignature'], extensions: san,
  });
  return { ...chain, leaf: { ...leaf, privateKey: keys.privateKey, publicKey: keys.publicKey }, x5c: [leaf.der, chain.intermediate.der] };
}

describe('metadata BLOB signer name (MDS §3.2 step 4: the chain is the FIDO Alliance\'s, not any CA customer\'s)', () => {
  const refusal = async (blob: string, options: Record<string, unknown>) => {
    const err = await verifyMetadataBLOB(blob, { now: NOW, ...options }).catch((e) => e);
    return [err.code, err.details?.reason];
  };

  it('any other certificate under the same root (a TLS server certificate for attacker.example) → ERR_METADATA_CHAIN_UNTRUSTED', async () => {
    const base = await createMetadataSigningChain(NOW);
    for (const chain of [
      await createAttestationChain({ now: NOW }), // CN "Test Batch", no SAN
      await withSigner(base, [['CN', 'attacker.example']]),
      await withSigner(base, [['CN', 'attacker.example']], ['attacker.example', 'www.attacker.example']),
    ]) {
      const { blob } = await createMetadataBLOB({ payload, chain });
      expect(await refusal(blob, { rootCertificate: chain.anchorsPem[0]! })).toEqual(['ERR_METADATA_CHAIN_UNTRUSTED', 'signer name']);
    }
  });

  it('a SAN decides, not the CN (RFC 6125 §6.4.4): CN=mds.fidoalliance.org with SAN DNS:attacker.example is refused', async () => {
    const base = await createMetadataSigningChain(NOW);
    const chain = await withSigner(base, [['CN', 'mds.fidoalliance.org']], ['attacker.example']);
    const { blob } = await createMetadataBLOB({ payload, chain });
    expect(await refusal(blob, { rootCertificate: base.anchorsPem[0]! })).toEqual(['ERR_METADATA_CHAIN_UNTRUSTED', 'signer name']);
  });

  it('look-alike names are refused: a suffix, a wildcard, a non-ASCII fold (U+212A), a malformed SAN', async () => {
    const base = await createMetadataSigningChain(NOW);
    for (const names of [['mds.fidoalliance.org.attacker.example'], ['*.fidoalliance.org'], ['evil-mds.fidoalliance.org']]) {
      const { blob } = await createMetadataBLOB({ payload, chain: await withSigner(base, [['CN', 'x']], names) });
      expect(await refusal(blob, { rootCertificate: base.anchorsPem[0]! })).toEqual(['ERR_METADATA_CHAIN_UNTRUSTED', 'signer name']);
    }
    const kelvin = await withSigner(base, [['CN', 'x']], ['attac\u212a.example']);
    const { blob } = await createMetadataBLOB({ payload, chain: kelvin });
    expect(await refusal(blob, { rootCertificate: base.anchorsPem[0]!, signerName: 'attack.example' })).toEqual(['ERR_METADATA_CHAIN_UNTRUSTED', 'signer name']);
    // A SAN that is not a SEQUENCE of GeneralName never falls back to the CN.
    const broken = await withSigner(base, [['CN', 'mds.fidoalliance.org']], tlv(0x04, new TextEncoder().encode('mds.fidoalliance.org')));
    const err = await verifyMetadataBLOB((await createMetadataBLOB({ payload, chain: broken })).blob, { now: NOW, rootCertificate: base.anchorsPem[0]! }).catch((e) => e);
    expect([err.code, err.details.reason, err.cause?.code]).toEqual(['ERR_METADATA_CHAIN_UNTRUSTED', 'signer name', 'ERR_X509_MALFORMED']);
  });

  it('control: the expected name as SAN (any case) or, without a SAN, as CN; a custom signerName for a custom root', async () => {
    const base = await createMetadataSigningChain(NOW);
    const root = base.anchorsPem[0]!;
    const san = await withSigner(base, [['CN', 'Some Signer']], ['other.example', 'MDS.FidoAlliance.org']);
    expect((await verifyMetadataBLOB((await createMetadataBLOB({ payload, chain: san })).blob, { now: NOW, rootCertificate: root })).no).toBe(7);
    expect((await verifyMetadataBLOB((await createMetadataBLOB({ payload, chain: base })).blob, { now: NOW, rootCertificate: root })).no).toBe(7);
    const enterprise = await withSigner(base, [['CN', 'mds.corp.example']]);
    const { blob } = await createMetadataBLOB({ payload, chain: enterprise });
    expect((await verifyMetadataBLOB(blob, { now: NOW, rootCertificate: root, signerName: 'mds.corp.example' })).no).toBe(7);
    expect(await refusal(blob, { rootCertificate: root })).toEqual(['ERR_METADATA_CHAIN_UNTRUSTED', 'signer name']);
  });

  it('the real BLOB: its signer carries SAN DNS:mds.fidoalliance.org, so it verifies by default and not for another name', async () => {
    expect((await verifyMetadataBLOB(REAL_BLOB, { now: INSIDE_VALIDITY })).no).toBe(20);
    const err = await verifyMetadataBLOB(REAL_BLOB, { now: INSIDE_VALIDITY, signerName: 'mds3.fidoalliance.org' }).catch((e) => e);
    expect([err.code, err.details.reason, err.details.received]).toEqual(['ERR_METADATA_CHAIN_UNTRUSTED', 'signer name', ['mds.fidoalliance.org']]);
  });

  it('a bad signerName option → ERR_OPTIONS_INVALID', async () => {
    for (const signerName of ['', 'has space.example', 42, 'x'.repeat(254)]) {
      expect(await codeOf(verifyMetadataBLOB(REAL_BLOB, { now: INSIDE_VALIDITY, signerName: signerName as string }))).toBe('ERR_OPTIONS_INVALID');
    }
  });
});
