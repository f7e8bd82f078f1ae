/** createMetadataSource: download with an injected fetch, cache until nextUpdate, refuse a replayed serial. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createMetadataSource } from '../../../src/metadata/index.js';
import { createMetadataBLOB, type TestAttestationChain } from '../../../src/testing/index.js';
import { createMetadataSigningChain } from '../../../src/testing/metadata.js';
import { codeOf } from '../../helpers/codes.js';

let chain: TestAttestationChain;
const start = new Date('2026-06-10T12:00:00Z');
const blob = async (no: number, nextUpdate: string) => (await createMetadataBLOB({ payload: { legalHeader: 'x', no, nextUpdate, entries: [] }, chain })).blob;

beforeAll(async () => {
  chain = await createMetadataSigningChain(start);
});

function server(bodies: string[]) {
  const calls: string[] = [];
  const fetch = async (url: string) => {
    calls.push(url);
    const body = bodies.shift();
    return body === undefined ? { ok: false, status: 503, text: async () => '' } : { ok: true, status: 200, text: async () => `${body}\n` };
  };
  return { fetch, calls };
}

describe('createMetadataSource', () => {
  it('downloads once, serves the verified BLOB until its nextUpdate day has passed, shares concurrent downloads', async () => {
    let now = start;
    const s = server([await blob(5, '2026-06-11'), await blob(6, '2026-07-01')]);
    const source = createMetadataSource({ fetch: s.fetch, clock: () => now, rootCertificate: chain.anchorsPem[0]!, url: 'https://mds.example/' });
    const [a, b] = await Promise.all([source.current(), source.current()]);
    expect([a.no, b, s.calls]).toEqual([5, a, ['https://mds.example/']]);
    now = new Date('2026-06-11T23:00:00Z'); // still the nextUpdate day
    expect((await source.current()).no).toBe(5);
    now = new Date('2026-06-12T00:00:01Z');
    expect((await source.current()).no).toBe(6);
    expect(s.calls).toHaveLength(2);
  });

  it('refuses a replayed older BLOB on refresh and keeps the one it holds', async () => {
    let now = start;
    const s = server([await blob(9, '2026-06-10'), await blob(8, '2026-07-01')]);
    const source = createMetadataSource({ fetch: s.fetch, clock: () => now, rootCertificate: chain.anchorsPem[0]! });
    expect((await source.current()).no).toBe(9);
    now = new Date('2026-06-11T00:00:00Z');
    expect(await codeOf(source.current())).toBe('ERR_METADATA_SERIAL_REPLAYED');
    expect(source.last()?.no).toBe(9);
  });

  it('download failures are coded, with the cause', async () => {
    const down = createMetadataSource({ fetch: server([]).fetch, clock: () => start, rootCertificate: chain.anchorsPem[0]! });
    const err = await down.current().catch((e) => e);
    expect([err.code, err.details.status]).toEqual(['ERR_METADATA_FETCH_FAILED', 503]);
    const broken = createMetadataSource({ fetch: async () => Promise.reject(new TypeError('network')), clock: () => start });
    const err2 = await broken.current().catch((e) => e);
    expect([err2.code, err2.cause?.message]).toEqual(['ERR_METADATA_FETCH_FAILED', 'network']);
  });

  it('a download signed by another PKI is refused like any BLOB', async () => {
    const s = server([await blob(1, '2026-07-01')]);
    const source = createMetadataSource({ fetch: s.fetch, clock: () => start }); // default GlobalSign root
    expect(await codeOf(source.current())).toBe('ERR_METADATA_CHAIN_UNTRUSTED');
  });

  it('a fresh process fed a replayed old BLOB (validly signed, nextUpdate long past) → ERR_METADATA_STALE; 7 days of grace by default', async () => {
    const old = await blob(3, '2026-05-01');
    const fresh = createMetadataSource({ fetch: server([old]).fetch, clock: () => start, rootCertificate: chain.anchorsPem[0]! });
    const err = await fresh.current().catch((e) => e);
    expect([err.code, err.details.received, fresh.last()]).toEqual(['ERR_METADATA_STALE', '2026-05-01', undefined]);
    // start is 2026-06-10: nextUpdate 2026-06-03 + 7 days is current through 2026-06-10, 2026-06-02 + 7 is not.
    const late = createMetadataSource({ fetch: server([await blob(4, '2026-06-03')]).fetch, clock: () => start, rootCertificate: chain.anchorsPem[0]! });
    expect((await late.current()).no).toBe(4);
    const later = createMetadataSource({ fetch: server([await blob(4, '2026-06-02')]).fetch, clock: () => start, rootCertificate: chain.anchorsPem[0]! });
    expect(await codeOf(later.current())).toBe('ERR_METADATA_STALE');
    // The caller's own bound, or none (Infinity).
    const strict = createMetadataSource({ fetch: server([await blob(4, '2026-06-09')]).fetch, clock: () => start, rootCertificate: chain.anchorsPem[0]!, maxDaysPastNextUpdate: 0 });
    expect(await codeOf(strict.current())).toBe('ERR_METADATA_STALE');
    const offline = createMetadataSource({ fetch: server([old]).fetch, clock: () => start, rootCertificate: chain.anchorsPem[0]!, maxDaysPastNextUpdate: Infinity });
    expect((await offline.current()).no).toBe(3);
  });
});
