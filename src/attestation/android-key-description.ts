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
 * asn1js decodes the structure; because asn1js accepts BER (long-form lengths, indefinite lengths,
 * non-minimal INTEGERs survive a re-encode), a strict DER header walk of our own runs first.
 * Only the fields WebAuthn checks are interpreted; other AuthorizationList tags are skipped but
 * must still be DER, and no tag may appear twice in one list (a repeated [1] or [702] would make
 * the checks ambiguous).
 *
 * The SecurityLevel fields must be ENUMERATED (the vectors README quotes a claim that the W3C
 * vector uses INTEGER; its bytes use ENUMERATED, 0a 01 00, so no leniency is needed).
 */
import * as asn1js from 'asn1js';
import { WebAuthnError } from '../errors.js';

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

function invalid(reason: string, details: Record<string, unknown> = {}): never {
  throw new WebAuthnError(
    'ERR_ATTESTATION_ANDROID_KEY_DESCRIPTION_INVALID',
    'Android key attestation extension is not a valid KeyDescription',
    { reason, ...details },
  );
}

/**
 * X.690 §10 DER header checks over the whole element tree: definite minimal lengths, minimal
 * high-tag-number encoding, children filling their parent exactly, no trailing bytes.
 */
function assertDer(bytes: Uint8Array, start: number, end: number, depth: number): void {
  if (depth > MAX_DEPTH) invalid('nesting too deep');
  let pos = start;
  while (pos < end) {
    const id = bytes[pos]!;
    pos++;
    if ((id & 0x1f) === 0x1f) {
      // High tag number: base-128, no leading 0x80 octet, and only for numbers ≥ 31.
      let tagNumber = 0;
      let first = true;
      for (;;) {
        if (pos >= end) invalid('truncated tag', { offset: pos });
        const b = bytes[pos++]!;
        if (first && b === 0x80) invalid('non-minimal tag', { offset: pos });
        first = false;
        tagNumber = tagNumber * 128 + (b & 0x7f);
        if (tagNumber > 0xffffff) invalid('tag number too large', { offset: pos });
        if ((b & 0x80) === 0) break;
      }
      if (tagNumber < 31) invalid('non-minimal tag', { offset: pos });
    }
    if (pos >= end) invalid('truncated length', { offset: pos });
    const l0 = bytes[pos++]!;
    let length = l0;
    if (l0 >= 0x80) {
      const n = l0 & 0x7f;
      if (n === 0) invalid('indefinite length', { offset: pos });
      if (n > 3) invalid('length too large', { offset: pos });
      if (pos + n > end) invalid('truncated length', { offset: pos });
      if (bytes[pos] === 0) invalid('non-minimal length', { offset: pos });
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + bytes[pos + i]!;
      if (length < 0x80) invalid('non-minimal length', { offset: pos });
      pos += n;
    }
    if (pos + length > end) invalid('content exceeds enclosing element', { offset: pos });
    if ((id & 0x20) !== 0) assertDer(bytes, pos, pos + length, depth + 1);
    pos += length;
  }
}

function isUniversal(el: asn1js.AsnType, tagNumber: number): boolean {
  const b = el as asn1js.BaseBlock;
  return b.idBlock.tagClass === 1 && b.idBlock.tagNumber === tagNumber;
}

/** A DER INTEGER and/or ENUMERATED (as allowed) as a safe non-negative number. */
function smallInt(el: asn1js.AsnType | undefined, field: string, allowEnumerated = false, allowInteger = true): number {
  if (el === undefined) invalid('missing field', { field });
  const isInt = isUniversal(el, 2);
  const isEnum = isUniversal(el, 10);
  if (!((isInt && allowInteger) || (isEnum && allowEnumerated))) invalid('wrong type', { field });
  const hex = (el as asn1js.Integer).valueBlock.valueHexView;
  if (hex.length === 0) invalid('empty INTEGER', { field });
  // DER: minimal two's complement (X.690 §8.3.2).
  if (hex.length > 1 && ((hex[0] === 0 && hex[1]! < 0x80) || (hex[0] === 0xff && hex[1]! >= 0x80))) {
    invalid('non-minimal INTEGER', { field });
  }
  if (hex[0]! >= 0x80) invalid('negative INTEGER', { field });
  if (hex.length > 6) invalid('INTEGER too large', { field });
  let v = 0;
  for (const b of hex) v = v * 256 + b;
  return v;
}

function octets(el: asn1js.AsnType | undefined, field: string): Uint8Array {
  if (el === undefined || !isUniversal(el, 4) || (el as asn1js.BaseBlock).idBlock.isConstructed) {
    invalid('wrong type', { field });
  }
  return (el as asn1js.OctetString).valueBlock.valueHexView.slice();
}

function parseAuthorizationList(el: asn1js.AsnType | undefined, field: string): AuthorizationList {
  if (el === undefined || !isUniversal(el, 16)) invalid('wrong type', { field });
  const items = (el as asn1js.Sequence).valueBlock.value;
  const tags: number[] = [];
  let purpose: number[] | undefined;
  let allApplications = false;
  let origin: number | undefined;
  for (const item of items) {
    const id = (item as asn1js.BaseBlock).idBlock;
    // Every AuthorizationList member is context-specific and EXPLICIT (hence constructed).
    if (id.tagClass !== 3 || !id.isConstructed) invalid('unexpected member', { field });
    const tag = id.tagNumber;
    if (tags.includes(tag)) invalid('repeated tag', { field, tag });
    tags.push(tag);
    const inner = (item as asn1js.Constructed).valueBlock.value;
    if (inner.length !== 1) invalid('EXPLICIT tag must wrap one element', { field, tag });
    const value = inner[0]!;
    if (tag === KM_TAG.PURPOSE) {
      if (!isUniversal(value, 17)) invalid('purpose is not a SET', { field });
      purpose = (value as asn1js.Set).valueBlock.value.map((p) => smallInt(p, `${field}.purpose`));
    } else if (tag === KM_TAG.ALL_APPLICATIONS) {
      if (!isUniversal(value, 5) || (value as asn1js.Null).lenBlock.length !== 0) {
        invalid('allApplications is not NULL', { field });
      }
      allApplications = true;
    } else if (tag === KM_TAG.ORIGIN) {
      origin = smallInt(value, `${field}.origin`);
    }
  }
  return Object.freeze({ purpose: purpose && Object.freeze(purpose), allApplications, origin, tags: Object.freeze(tags) });
}

/** Parses the DER contents of the 1.3.6.1.4.1.11129.2.1.17 extension. */
export function parseKeyDescription(der: Uint8Array): KeyDescription {
  if (!(der instanceof Uint8Array) || der.length === 0) invalid('empty');
  if (der.length > MAX_BYTES) invalid('too large', { received: der.length });
  assertDer(der, 0, der.length, 0);
  let root: asn1js.AsnType;
  try {
    const parsed = asn1js.fromBER(new Uint8Array(der));
    if (parsed.offset === -1 || parsed.offset !== der.length) invalid('not one ASN.1 element');
    root = parsed.result;
  } catch (e) {
    if (e instanceof WebAuthnError) throw e;
    throw new WebAuthnError(
      'ERR_ATTESTATION_ANDROID_KEY_DESCRIPTION_INVALID',
      'Android key attestation extension is not a valid KeyDescription',
      { reason: 'ASN.1 decoding failed' },
      { cause: e },
    );
  }
  if (!isUniversal(root, 16)) invalid('not a SEQUENCE');
  const f = (root as asn1js.Sequence).valueBlock.value;
  if (f.length !== 8) invalid('expected 8 fields', { received: f.length });
  return Object.freeze({
    attestationVersion: smallInt(f[0], 'attestationVersion'),
    attestationSecurityLevel: smallInt(f[1], 'attestationSecurityLevel', true, false),
    keymasterVersion: smallInt(f[2], 'keymasterVersion'),
    keymasterSecurityLevel: smallInt(f[3], 'keymasterSecurityLevel', true, false),
    attestationChallenge: octets(f[4], 'attestationChallenge'),
    uniqueId: octets(f[5], 'uniqueId'),
    softwareEnforced: parseAuthorizationList(f[6], 'softwareEnforced'),
    teeEnforced: parseAuthorizationList(f[7], 'teeEnforced'),
  });
}
