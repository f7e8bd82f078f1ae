/** verifyMetadataBLOB options, read once and checked (ERR_OPTIONS_INVALID names the option). */
import { WebAuthnError } from '../errors.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { parseTrustAnchors, pemBlocks } from '../x509/pem.js';
import { defaultMetadataRoot } from './root.js';
import type { VerifyMetadataBLOBOptions } from './types.js';

/** FIDO MDS v3.0 §3.2: the name the FIDO Alliance's BLOB signer is issued to (SAN dNSName). */
export const DEFAULT_METADATA_SIGNER_NAME = 'mds.fidoalliance.org';

/** Generous: a CA's CRL set for a 2–3 certificate chain is a handful. */
const MAX_CRLS = 64;

function optionInvalid(option: string, message: string, received: unknown): never {
  throw new WebAuthnError('ERR_OPTIONS_INVALID', message, { option, received });
}

function readCrls(crls: unknown): Uint8Array[] {
  if (crls === undefined) return [];
  if (!Array.isArray(crls) || crls.length > MAX_CRLS) optionInvalid('crls', `crls must be an array of at most ${MAX_CRLS} PEM strings or DER bytes`, typeof crls);
  return crls.flatMap((c: unknown, index) => {
    if (c instanceof Uint8Array) return [c];
    if (typeof c === 'string') {
      try {
        return pemBlocks(c, 'X509 CRL', index);
      } catch (e) {
        throw new WebAuthnError('ERR_OPTIONS_INVALID', 'a CRL string must be PEM "X509 CRL" blocks', { option: 'crls', index }, { cause: e });
      }
    }
    return optionInvalid('crls', 'a CRL must be PEM text or DER bytes', typeof c);
  });
}

export interface MetadataOptions {
  readonly now: Date;
  readonly root: ParsedCertificate;
  readonly crls: readonly Uint8Array[];
  readonly minimumSerial: number | undefined;
  readonly signerName: string;
  readonly maxDaysPastNextUpdate: number | undefined;
}

/** Whole days, or Infinity for no bound (a caller of createMetadataSource turning its default off). */
function readMaxDays(value: unknown): number | undefined {
  if (value === undefined || value === Number.POSITIVE_INFINITY) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    optionInvalid('maxDaysPastNextUpdate', 'maxDaysPastNextUpdate must be a non-negative integer or Infinity', value);
  }
  return value;
}

/** A DNS name as certificates carry it: 1–253 printable ASCII characters, no spaces. */
function readSignerName(signerName: unknown): string {
  if (signerName === undefined) return DEFAULT_METADATA_SIGNER_NAME;
  if (typeof signerName !== 'string' || !/^[!-~]{1,253}$/.test(signerName)) {
    optionInvalid('signerName', 'signerName must be a DNS name (1-253 printable ASCII characters)', typeof signerName === 'string' ? signerName.slice(0, 64) : typeof signerName);
  }
  return signerName;
}

export function readMetadataOptions(options: VerifyMetadataBLOBOptions): MetadataOptions {
  if (typeof options !== 'object' || options === null) optionInvalid('options', 'options must be an object', typeof options);
  const { now = new Date(), rootCertificate, crls, minimumSerial, signerName, maxDaysPastNextUpdate } = options;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) optionInvalid('now', 'now must be a valid Date', typeof now);
  if (minimumSerial !== undefined && (!Number.isSafeInteger(minimumSerial) || minimumSerial < 0)) {
    optionInvalid('minimumSerial', 'minimumSerial must be a non-negative integer', minimumSerial);
  }
  const anchors = parseTrustAnchors([rootCertificate ?? defaultMetadataRoot()]);
  if (anchors.length !== 1) optionInvalid('rootCertificate', 'rootCertificate must be exactly one certificate', anchors.length);
  return { now, root: anchors[0]!, crls: readCrls(crls), minimumSerial, signerName: readSignerName(signerName), maxDaysPastNextUpdate: readMaxDays(maxDaysPastNextUpdate) };
}
