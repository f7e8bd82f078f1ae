/**
 * Work an unauthenticated metadata BLOB can cost (FIDO MDS v3.0 §3.2 steps 2–5 before step 6): the
 * header is bounded, the chain length is counted before a certificate is parsed, and the payload (up
 * to 32 MiB) is neither decoded nor JSON-parsed until the signature over `header.payload` verified.
 * Each input here would be ERR_METADATA_BLOB_INVALID if the payload were read first; it must come
 * back with the chain or signature code instead. No timing asserts: JSON.parse is watched instead.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_METADATA_BLOB_BYTES, verifyMetadataBLOB } from '../../src/metadata/index.js';
import { encodeStandardBase64 } from '../../src/encoding/base64.js';
import { parseCompactJws, parseJwsPayload, splitCompactJws } from '../../src/encoding/jws.js';
import { createMetadataBLOB, type TestAttestationChain } from '../../src/testing/index.js';
import { createMetadataSigningChain } from '../../src/testing/metadata.js';
import { fixturePath } from '../helpers/fixtures.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const REAL_BLOB = readFileSync(fixturePath('mds', 'mds3-blob-no20-2022-10.jwt'), 'utf8');
const INSIDE_VALIDITY = new Date('2022-10-20T00:00:00Z');
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const payload = { legalHeader: 'test', no: 7, nextUpdate: '2026-07-01', entries: [] };

/** A JSON object of duplicate, escaped member names ("\u0061" = "a"): the duplicate scanner's worst case. */
function pathologicalPayloadPart(maxChars: number): string {
  const unit = '"\\u0061":0,';
  const count = Math.floor(((maxChars / 4) * 3 - 16) / unit.length);
  const part = b64url(`{${unit.repeat(count)}"z":0}`);
  expect(part.length).toBeLessThanOrEqual(maxChars);
  return part;
}

async function signRaw(chain: TestAttestationChain, headerPart: string, payloadPart: string): Promise<string> {
  const input = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
  const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, chain.leaf.privateKey, input);
  return `${headerPart}.${payloadPart}.${Buffer.from(sig).toString('base64url')}`;
}

/** The longest string JSON.parse is given while `run` runs. */
async function longestJsonParse(run: () => Promise<unknown>): Promise<{ longest: number; error: { code?: string; details?: { reason?: string } } }> {
  let longest = 0;
  const real = JSON.parse;
  vi.spyOn(JSON, 'parse').mockImplementation((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
    longest = Math.max(longest, String(text).length);
    return real(text, reviver);
  });
  const error = await run().then(() => ({}), (e) => e);
  return { longest, error };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('unsigned metadata BLOB work is bounded', () => {
  it('a 32 MiB payload under a valid test chain and a signature that does not cover it → ERR_METADATA_SIGNATURE_INVALID, payload never parsed', async () => {
    const { blob, chain } = await createMetadataBLOB({ payload, now: NOW });
    const [h, , s] = blob.split('.') as [string, string, string];
    const forged = `${h}.${pathologicalPayloadPart(MAX_METADATA_BLOB_BYTES - h.length - s.length - 2)}.${s}`;
    expect(forged.length).toBeLessThanOrEqual(MAX_METADATA_BLOB_BYTES);
    expect(forged.length).toBeGreaterThan(MAX_METADATA_BLOB_BYTES - 64);
    const { longest, error } = await longestJsonParse(() => verifyMetadataBLOB(forged, { now: NOW, rootCertificate: chain.anchorsPem[0]! }));
    expect(error.code).toBe('ERR_METADATA_SIGNATURE_INVALID');
    expect(longest).toBeLessThan(64 * 1024); // the header only
  });

  it('the real FIDO header and signature over a 32 MiB substitute payload → ERR_METADATA_SIGNATURE_INVALID, payload never parsed', async () => {
    const [h, , s] = REAL_BLOB.split('.') as [string, string, string];
    const forged = `${h}.${pathologicalPayloadPart(MAX_METADATA_BLOB_BYTES - h.length - s.length - 2)}.${s}`;
    const { longest, error } = await longestJsonParse(() => verifyMetadataBLOB(forged, { now: INSIDE_VALIDITY }));
    expect(error.code).toBe('ERR_METADATA_SIGNATURE_INVALID');
    expect(longest).toBeLessThan(64 * 1024);
  });

  it('an untrusted chain with a pathological payload → ERR_METADATA_CHAIN_UNTRUSTED before the payload is touched', async () => {
    const { blob } = await createMetadataBLOB({ payload, now: NOW });
    const [h, , s] = blob.split('.') as [string, string, string];
    const forged = `${h}.${pathologicalPayloadPart(1024 * 1024)}.${s}`;
    const { longest, error } = await longestJsonParse(() => verifyMetadataBLOB(forged, { now: NOW })); // default GlobalSign root
    expect(error.code).toBe('ERR_METADATA_CHAIN_UNTRUSTED');
    expect(longest).toBeLessThan(64 * 1024);
  });

  it('x5c longer than MAX_CHAIN_LENGTH (8) is refused before any entry is parsed as a certificate', async () => {
    const junk = encodeStandardBase64(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]));
    const { blob, chain } = await createMetadataBLOB({ payload, now: NOW, header: { x5c: Array.from({ length: 9 }, () => junk) } });
    const error = await verifyMetadataBLOB(blob, { now: NOW, rootCertificate: chain.anchorsPem[0]! }).catch((e) => e);
    expect([error.code, error.details.reason, error.cause?.code]).toEqual(['ERR_METADATA_CHAIN_UNTRUSTED', 'x5c too long', 'ERR_X509_TOO_MANY_CERTIFICATES']);
  });

  it('a header over 64 Ki characters is refused before it is decoded, even when correctly signed', async () => {
    const { blob, chain } = await createMetadataBLOB({ payload, now: NOW, header: { pad: 'x'.repeat(50_000) } });
    const error = await verifyMetadataBLOB(blob, { now: NOW, rootCertificate: chain.anchorsPem[0]! }).catch((e) => e);
    expect([error.code, error.details.reason]).toEqual(['ERR_METADATA_BLOB_INVALID', 'header too large']);
    const small = await createMetadataBLOB({ payload, now: NOW, chain, header: { pad: 'x'.repeat(40_000) } });
    expect((await verifyMetadataBLOB(small.blob, { now: NOW, rootCertificate: chain.anchorsPem[0]! })).no).toBe(7);
  });

  it('megabytes of dots are counted, not split into millions of strings', async () => {
    const error = await verifyMetadataBLOB('.'.repeat(4 * 1024 * 1024), { now: NOW }).catch((e) => e);
    expect([error.code, error.details.reason, error.details.received]).toEqual(['ERR_METADATA_BLOB_INVALID', 'expected three dot-separated parts', 4 * 1024 * 1024 + 1]);
  });

  it('control: once the signature verifies, the payload is still parsed strictly (non-JSON, duplicates → ERR_METADATA_BLOB_INVALID)', async () => {
    const chain = await createMetadataSigningChain(NOW);
    const h = b64url(JSON.stringify({ alg: 'ES256', x5c: chain.x5c.map((der) => encodeStandardBase64(der)) }));
    const root = chain.anchorsPem[0]!;
    for (const [text, reason] of [
      ['not json', 'payload is not JSON'],
      [JSON.stringify(payload).replace('"no":7', '"no":7,"\\u006eo":99'), 'payload has duplicate member names'],
    ] as const) {
      const error = await verifyMetadataBLOB(await signRaw(chain, h, b64url(text)), { now: NOW, rootCertificate: root }).catch((e) => e);
      expect([error.code, error.details.reason]).toEqual(['ERR_METADATA_BLOB_INVALID', reason]);
    }
    expect((await verifyMetadataBLOB(await signRaw(chain, h, b64url(JSON.stringify(payload))), { now: NOW, rootCertificate: root })).no).toBe(7);
  });

  it('splitCompactJws + parseJwsPayload read what parseCompactJws (SafetyNet) reads', () => {
    const fail = (reason: string): never => {
      throw new Error(reason);
    };
    const whole = parseCompactJws(REAL_BLOB, { maxBytes: MAX_METADATA_BLOB_BYTES, fail });
    const { payloadPart, ...split } = splitCompactJws(REAL_BLOB, { maxBytes: MAX_METADATA_BLOB_BYTES, maxHeaderChars: 64 * 1024, fail });
    const { payload, ...rest } = whole;
    expect(split).toEqual(rest);
    expect(parseJwsPayload(payloadPart, fail)).toEqual(payload);
  });
});
