/**
 * Synthetic FIDO metadata BLOBs for tests: a compact JWS (FIDO MDS v3.0 §3.1.7) signed by a test
 * signing chain, so every refusal path of verifyMetadataBLOB and every metadata decision in
 * verifyRegistration can be exercised without the FIDO Alliance's keys. Not for production use.
 */
import { encodeStandardBase64 } from '../encoding/base64.js';
import { encodeBase64url } from '../encoding/base64url.js';
import { encodeUtf8 } from '../encoding/bytes.js';
import { createAttestationChain, type TestAttestationChain } from './certificates.js';

export interface CreateMetadataBLOBOptions {
  /** The payload as published (`no`, `nextUpdate`, `legalHeader`, `entries`); written as given. */
  readonly payload: Readonly<Record<string, unknown>>;
  /**
   * The signing chain; default: a fresh test root → intermediate → ES256 signer valid around `now`,
   * the signer's CN 'mds.fidoalliance.org' (verifyMetadataBLOB's default `signerName`). A chain of
   * your own must be issued to that name too (`createAttestationChain({ leafSubject })`), or pass
   * its name as `signerName`.
   */
  readonly chain?: TestAttestationChain;
  /** Header members to add or override (e.g. `{ alg: 'none' }`); `x5c` defaults to the chain. */
  readonly header?: Readonly<Record<string, unknown>>;
  /** Validity reference for the default chain. */
  readonly now?: Date;
  /** Deliberate defects, for negative tests. */
  readonly faults?: { readonly tamperPayload?: boolean; readonly tamperSignature?: boolean };
}

export interface TestMetadataBLOB {
  /** The compact JWS text. */
  readonly blob: string;
  /** The chain that signed it; `chain.anchorsPem[0]` is the root to pass as `rootCertificate`. */
  readonly chain: TestAttestationChain;
}

/** The subject the default signer carries: the FIDO Alliance's signer name as its CN (no SAN). */
export const TEST_METADATA_SIGNER_SUBJECT: ReadonlyArray<readonly [string, string]> = Object.freeze([
  ['C', 'US'], ['O', 'Test Metadata Service'], ['CN', 'mds.fidoalliance.org'],
] as const);

/** A test root → intermediate → ES256 signer issued to mds.fidoalliance.org, valid around `now`. */
export function createMetadataSigningChain(now?: Date): Promise<TestAttestationChain> {
  return createAttestationChain({ leafSubject: TEST_METADATA_SIGNER_SUBJECT, ...(now ? { now } : {}) });
}

const b64url = (value: unknown): string => encodeBase64url(encodeUtf8(JSON.stringify(value)));

/** Signs `payload` as an MDS BLOB with ES256 (the chain's leaf key, P-256). */
export async function createMetadataBLOB(options: CreateMetadataBLOBOptions): Promise<TestMetadataBLOB> {
  const chain = options.chain ?? (await createMetadataSigningChain(options.now));
  const header = { alg: 'ES256', typ: 'JWT', x5c: chain.x5c.map((der) => encodeStandardBase64(der)), ...options.header };
  const signingInput = `${b64url(header)}.${b64url(options.payload)}`;
  const raw = new Uint8Array(
    await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, chain.leaf.privateKey, encodeUtf8(signingInput)),
  );
  if (options.faults?.tamperSignature) raw[0] = raw[0]! ^ 0x01;
  let [h, p] = signingInput.split('.') as [string, string];
  if (options.faults?.tamperPayload) p = b64url({ ...options.payload, no: Number(options.payload['no'] ?? 0) + 1 });
  return { blob: `${h}.${p}.${encodeBase64url(raw)}`, chain };
}
