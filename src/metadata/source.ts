/**
 * An optional helper around verifyMetadataBLOB for servers that want the BLOB kept current: it
 * downloads with an injectable `fetch` (the verifier itself never touches the network), verifies,
 * and serves the verified BLOB until its `nextUpdate` day has passed; then it downloads again and
 * refuses a BLOB whose serial is lower than the one it already holds (FIDO MDS v3.0 §3.2 step 6).
 * A download more than `maxDaysPastNextUpdate` (default 7) days past its own nextUpdate is refused
 * (ERR_METADATA_STALE), so a fresh process cannot be fed a replayed old BLOB. Concurrent callers
 * share one download. A failed refresh throws (fail closed); a caller that prefers a stale BLOB to
 * none can catch that and keep using `last()`.
 */
import { WebAuthnError } from '../errors.js';
import { MAX_METADATA_BLOB_BYTES, verifyMetadataBLOB } from './blob.js';
import type { VerifiedMetadata, VerifyMetadataBLOBOptions } from './types.js';

/**
 * A fresh process holds no serial, so only the date stops a replayed old BLOB (still inside its
 * signer's validity) from being served to it: a download more than a week past its nextUpdate is
 * refused (ERR_METADATA_STALE). A week leaves room for a late publication.
 */
export const DEFAULT_SOURCE_MAX_DAYS_PAST_NEXT_UPDATE = 7;

/** The FIDO Alliance's MDS3 endpoint. */
export const FIDO_MDS3_URL = 'https://mds3.fidoalliance.org/';

export interface MetadataSourceOptions extends Omit<VerifyMetadataBLOBOptions, 'now' | 'minimumSerial'> {
  readonly url?: string;
  /** Default: globalThis.fetch. */
  readonly fetch?: (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;
  /** Clock; default () => new Date(). */
  readonly clock?: () => Date;
}

export interface MetadataSource {
  /** The verified BLOB, downloading it first when there is none or its nextUpdate day has passed. */
  current(): Promise<VerifiedMetadata>;
  /** The last BLOB verified, without any download. */
  last(): VerifiedMetadata | undefined;
}

function fetchFailed(message: string, details: Record<string, unknown>, cause?: unknown): WebAuthnError {
  return new WebAuthnError('ERR_METADATA_FETCH_FAILED', message, details, cause === undefined ? undefined : { cause });
}

/** True from the day after `nextUpdate` (UTC) on. */
function expired(metadata: VerifiedMetadata, now: Date): boolean {
  return now.toISOString().slice(0, 10) > metadata.nextUpdate;
}

export function createMetadataSource(options: MetadataSourceOptions = {}): MetadataSource {
  const url = options.url ?? FIDO_MDS3_URL;
  const doFetch = options.fetch ?? ((u: string) => globalThis.fetch(u));
  const clock = options.clock ?? (() => new Date());
  let held: VerifiedMetadata | undefined;
  let inFlight: Promise<VerifiedMetadata> | undefined;

  async function download(): Promise<VerifiedMetadata> {
    let text: string;
    try {
      const response = await doFetch(url);
      if (!response.ok) throw fetchFailed('Metadata BLOB download failed', { url, status: response.status });
      text = await response.text();
    } catch (e) {
      if (e instanceof WebAuthnError) throw e;
      throw fetchFailed('Metadata BLOB download failed', { url }, e);
    }
    if (text.length > MAX_METADATA_BLOB_BYTES) throw fetchFailed('Metadata BLOB download is too large', { url, received: text.length });
    const { url: _u, fetch: _f, clock: _c, ...verifyOptions } = options;
    const verified = await verifyMetadataBLOB(text.trimEnd(), {
      ...verifyOptions,
      maxDaysPastNextUpdate: options.maxDaysPastNextUpdate ?? DEFAULT_SOURCE_MAX_DAYS_PAST_NEXT_UPDATE,
      now: clock(),
      ...(held ? { minimumSerial: held.no } : {}),
    });
    held = verified;
    return verified;
  }

  return {
    current() {
      if (held !== undefined && !expired(held, clock())) return Promise.resolve(held);
      inFlight ??= download().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    last: () => held,
  };
}
