/**
 * Parser for the Android key attestation extension (OID 1.3.6.1.4.1.11129.2.1.17), used by
 * android-key attestation (WebAuthn L3 §8.4, https://w3c.github.io/webauthn/#sctn-android-key-attestation).
 * Schema (Android "Key and ID attestation", KeyDescription):
 *
 *   KeyDescription ::= SEQUENCE {
 *     attestationVersion INTEGER, attestationSecurityLevel SecurityLevel,
 *     keymasterVersion INTEGER, keymasterSecurityLevel SecurityLevel,
 *     attestationChallenge OCTET STRING, uniqueId OCTET STRING,
 *     softwareEnforced AuthorizationList, teeEnforced AuthorizationList }
 *   SecurityLevel ::= ENUMERATED { Software(0), TrustedEnvironment(1), StrongBox(2) }
 *   AuthorizationList ::= SEQUENCE { purpose [1] EXPLICIT SET OF INTEGER OPTIONAL, ...,
 *     allApplications [600] EXPLICIT NULL OPTIONAL, ..., origin [702] EXPLICIT INTEGER OPTIONAL, ... }
 *
 * Read with our own strict DER reader (src/x509/der.ts; `readTlvAnyTag`, since AuthorizationList
 * tags go past 30: [701] … [724]); asn1js, which accepts BER, is only the oracle of
 * test/differential/android-key-description.test.ts. First the whole element tree is walked
 * (X.690 §10: definite minimal lengths, minimal tags, children filling their parent exactly, one
 * element; universal types in the form X.690 gives them), then the fields are read. Only the
 * fields WebAuthn checks are interpreted; other AuthorizationList tags are skipped but must still
 * be DER headers, and no tag may appear twice in one list (a repeated [1] or [702] would make the
 * checks ambiguous).
 *
 * The SecurityLevel fields must be ENUMERATED (the vectors README quotes a claim that the W3C
 * vector uses INTEGER; its bytes use ENUMERATED, 0a 01 00, so no leniency is needed).
 */
import { WebAuthnError, isWebAuthnError } from '../../errors.js';
import { integerContent, isNegativeInteger, readTlvAnyTag, type AnyTagTlv } from '../../x509/der.js';

export const OID_ANDROID_KEY_DESCRIPTION = '1.3.6.1.4.1.11129.2.1.17';

/** Keymaster tag numbers used by §8.4. */
export const KM_TAG = Object.freeze({ PURPOSE: 1, ALL_APPLICATIONS: 600, ORIGIN: 702 });
export const KM_PURPOSE_SIGN = 2;
export const KM_ORIGIN_GENERATED = 0;

export interface AuthorizationList {
  /** Tag [1]; undefined when absent. */
  readonly purpose: readonly number[] | undefined;
  /** Tag [600] present. */
  readonly allApplications: boolean;
  /** Tag [702]; undefined when absent. */
  readonly origin: number | undefined;
  /** Every tag number present, in encoding order. */
  readonly tags: readonly number[];
}

export interface KeyDescription {
  readonly attestationVersion: number;
  readonly attestationSecurityLevel: number;
  readonly keymasterVersion: number;
  readonly keymasterSecurityLevel: number;
  readonly attestationChallenge: Uint8Array;
  readonly uniqueId: Uint8Array;
  readonly softwareEnforced: AuthorizationList;
  readonly teeEnforced: AuthorizationList;
}

/** Nesting in a KeyDescription is about 6 deep (rootOfTrust, attestationApplicationId sets). */
const MAX_DEPTH = 16;
/** Real extensions are under 2 KiB; bound the work. */
const MAX_BYTES = 16 * 1024;

/** Identifier octets (X.690 §8.1.2) of the universal types we read, primitive unless noted. */
const INTEGER = 0x02;
const OCTET_STRING = 0x04;
const NULL = 0x05;
const ENUMERATED = 0x0a;
const SEQUENCE = 0x30; // constructed
const SET = 0x31; // constructed

/** One element of the walked tree; `children` is set for a constructed element. */
interface Element {
  readonly tlv: AnyTagTlv;
  readonly children: readonly Element[] | undefined;
}

function invalid(reason: string, details: Record<string, unknown> = {}, cause?: unknown): never {
  throw new WebAuthnError(
    'ERR_ATTESTATION_ANDROID_KEY_DESCRIPTION_INVALID',
    'Android key attestation extension is not a valid KeyDescription',
    { reason, ...details },
    cause === undefined ? undefined : { cause },
  );
}

/** Runs a der.ts reader; its ERR_X509_MALFORMED (certificate wording) becomes ours, same reason. */
function derRead<T>(read: () => T, details: Record<string, unknown> = {}): T {
  try {
    return read();
  } catch (e) {
    if (!isWebAuthnError(e) || e.code !== 'ERR_X509_MALFORMED') throw e;
    return invalid(String(e.details?.reason), { ...details, offset: e.details?.offset }, e);
  }
}

/**
 * X.690 form rules for universal tags: SEQUENCE and SET are constructed (§8.9.1, §8.11.1), every
 * other universal type primitive (§8.2–§8.8, §8.19; strings by §10.2 in DER); tag numbers 0 (the
 * end-of-contents marker of indefinite lengths, §8.1.5), 15 and ≥ 37 (X.680 §8.6, Table 1:
 * reserved) never appear in DER.
 */
function checkUniversalForm(tlv: AnyTagTlv): void {
  if ((tlv.tag & 0xc0) !== 0) return;
  const n = tlv.tagNumber;
  if (n === 0 || n === 15 || n >= 37) invalid('reserved universal tag', { offset: tlv.start, tag: n });
  const constructed = (tlv.tag & 0x20) !== 0;
  if ((n === 16 || n === 17) !== constructed) {
    invalid(constructed ? 'constructed universal type' : 'primitive SEQUENCE or SET', { offset: tlv.start });
  }
}

/** The elements in bytes[start..end), each checked as DER, constructed ones with their children. */
function readElements(bytes: Uint8Array, start: number, end: number, depth: number): Element[] {
  if (depth > MAX_DEPTH) invalid('nesting too deep');
  const out: Element[] = [];
  for (let pos = start; pos < end; ) {
    const tlv = derRead(() => readTlvAnyTag(bytes, pos, end));
    checkUniversalForm(tlv);
    const constructed = (tlv.tag & 0x20) !== 0;
    out.push({ tlv, children: constructed ? readElements(bytes, tlv.contentStart, tlv.end, depth + 1) : undefined });
    pos = tlv.end;
  }
  return out;
}

/** A DER INTEGER or ENUMERATED (identifier octets in `types`) as a safe non-negative number. */
function smallInt(bytes: Uint8Array, el: Element | undefined, field: string, types: readonly number[] = [INTEGER]): number {
  if (el === undefined) invalid('missing field', { field });
  if (!types.includes(el.tlv.tag)) invalid('wrong type', { field });
  // X.690 §8.3.1–§8.3.2 (and §8.4 for ENUMERATED): non-empty, minimal two's complement.
  const content = derRead(() => integerContent(bytes, el.tlv, el.tlv.tag), { field });
  if (isNegativeInteger(content)) invalid('negative INTEGER', { field });
  if (content.length > 6) invalid('INTEGER too large', { field });
  let value = 0;
  for (const octet of content) value = value * 256 + octet;
  return value;
}

function octets(bytes: Uint8Array, el: Element | undefined, field: string): Uint8Array {
  if (el === undefined || el.tlv.tag !== OCTET_STRING) invalid('wrong type', { field });
  return bytes.slice(el.tlv.contentStart, el.tlv.end);
}

/** One AuthorizationList member's value: [1] purpose, [600] allApplications, [702] origin. */
interface Authorizations {
  purpose?: number[];
  allApplications: boolean;
  origin?: number;
}

function readMember(bytes: Uint8Array, tag: number, value: Element, field: string, into: Authorizations): void {
  if (tag === KM_TAG.PURPOSE) {
    if (value.tlv.tag !== SET) invalid('purpose is not a SET', { field });
    into.purpose = value.children!.map((p) => smallInt(bytes, p, `${field}.purpose`));
  } else if (tag === KM_TAG.ALL_APPLICATIONS) {
    if (value.tlv.tag !== NULL || value.tlv.end !== value.tlv.contentStart) invalid('allApplications is not NULL', { field });
    into.allApplications = true;
  } else if (tag === KM_TAG.ORIGIN) {
    into.origin = smallInt(bytes, value, `${field}.origin`);
  }
}

function parseAuthorizationList(bytes: Uint8Array, el: Element | undefined, field: string): AuthorizationList {
  if (el === undefined || el.tlv.tag !== SEQUENCE) invalid('wrong type', { field });
  const tags: number[] = [];
  const found: Authorizations = { allApplications: false };
  for (const item of el.children!) {
    // Every AuthorizationList member is context-specific and EXPLICIT (hence constructed).
    if ((item.tlv.tag & 0xe0) !== 0xa0) invalid('unexpected member', { field });
    const tag = item.tlv.tagNumber;
    if (tags.includes(tag)) invalid('repeated tag', { field, tag });
    tags.push(tag);
    if (item.children!.length !== 1) invalid('EXPLICIT tag must wrap one element', { field, tag });
    readMember(bytes, tag, item.children![0]!, field, found);
  }
  const { purpose, allApplications, origin } = found;
  return Object.freeze({ purpose: purpose && Object.freeze(purpose), allApplications, origin, tags: Object.freeze(tags) });
}

/** Parses the DER contents of the 1.3.6.1.4.1.11129.2.1.17 extension. */
export function parseKeyDescription(der: Uint8Array): KeyDescription {
  if (!(der instanceof Uint8Array) || der.length === 0) invalid('empty');
  if (der.length > MAX_BYTES) invalid('too large', { received: der.length });
  const top = readElements(der, 0, der.length, 0);
  if (top.length !== 1) invalid('not one ASN.1 element');
  if (top[0]!.tlv.tag !== SEQUENCE) invalid('not a SEQUENCE');
  const f = top[0]!.children!;
  if (f.length !== 8) invalid('expected 8 fields', { received: f.length });
  return Object.freeze({
    attestationVersion: smallInt(der, f[0], 'attestationVersion'),
    attestationSecurityLevel: smallInt(der, f[1], 'attestationSecurityLevel', [ENUMERATED]),
    keymasterVersion: smallInt(der, f[2], 'keymasterVersion'),
    keymasterSecurityLevel: smallInt(der, f[3], 'keymasterSecurityLevel', [ENUMERATED]),
    attestationChallenge: octets(der, f[4], 'attestationChallenge'),
    uniqueId: octets(der, f[5], 'uniqueId'),
    softwareEnforced: parseAuthorizationList(der, f[6], 'softwareEnforced'),
    teeEnforced: parseAuthorizationList(der, f[7], 'teeEnforced'),
  });
}
