/**
 * authenticatorData builder (WebAuthn L3 §6.1 "Authenticator Data", §6.5.1 "Attested Credential Data"):
 *
 *   rpIdHash (32) ‖ flags (1) ‖ signCount (4, big-endian) ‖ [attestedCredentialData] ‖ [extensions CBOR]
 *   attestedCredentialData = aaguid (16) ‖ credentialIdLength (2, big-endian) ‖ credentialId ‖ COSE_Key
 *
 * It builds what you ask for, including inconsistent data (e.g. AT set without attested data),
 * because the security tests need exactly that.
 */
import { encodeCbor, type CborEncodable } from './cbor-encode.js';
import { concat, encodeUtf8 } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';

/** Flag bits of §6.1 (bit 1 and bit 5 are RFU and stay 0 unless `rawFlags` sets them). */
export const FLAG = Object.freeze({ UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40, ED: 0x80 });

export interface AuthenticatorDataFlags {
  up?: boolean;
  uv?: boolean;
  be?: boolean;
  bs?: boolean;
  at?: boolean;
  ed?: boolean;
}

export interface AttestedCredentialDataInput {
  aaguid: Uint8Array;
  credentialId: Uint8Array;
  /** COSE_Key bytes, appended as given. */
  publicKey: Uint8Array;
}

export interface BuildAuthenticatorDataOptions {
  /** Hashed into rpIdHash unless `rpIdHash` is given. */
  rpId: string;
  /** Overrides SHA-256(rpId) (fault injection). */
  rpIdHash?: Uint8Array;
  /** Each flag; `at` defaults to "attestedCredentialData given", `ed` to "extensions given". up/uv default true. */
  flags?: AuthenticatorDataFlags;
  /** Overrides the whole flags byte (takes precedence over `flags`). */
  rawFlags?: number;
  signCount: number;
  attestedCredentialData?: AttestedCredentialDataInput;
  /** Authenticator extension outputs, CBOR-encoded (canonical) after the attested data. */
  extensions?: Record<string, unknown> | Map<unknown, unknown>;
}

/** SHA-256(rpId) (§6.1 rpIdHash). */
export async function sha256(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(data)));
}

export function flagsByte(flags: AuthenticatorDataFlags, hasAttested: boolean, hasExtensions: boolean): number {
  let b = 0;
  if (flags.up ?? true) b |= FLAG.UP;
  if (flags.uv ?? true) b |= FLAG.UV;
  if (flags.be ?? false) b |= FLAG.BE;
  if (flags.bs ?? false) b |= FLAG.BS;
  if (flags.at ?? hasAttested) b |= FLAG.AT;
  if (flags.ed ?? hasExtensions) b |= FLAG.ED;
  return b;
}

function u16(n: number): Uint8Array {
  return new Uint8Array([(n >>> 8) & 0xff, n & 0xff]);
}

function u32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

/** §6.5.1: aaguid ‖ credentialIdLength ‖ credentialId ‖ credentialPublicKey. */
export function encodeAttestedCredentialData(input: AttestedCredentialDataInput): Uint8Array<ArrayBuffer> {
  if (input.credentialId.length > 0xffff) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Credential ID does not fit the 2-byte length', {
      received: input.credentialId.length,
    });
  }
  return concat(input.aaguid, u16(input.credentialId.length), input.credentialId, input.publicKey);
}

export async function buildAuthenticatorData(options: BuildAuthenticatorDataOptions): Promise<Uint8Array<ArrayBuffer>> {
  const { signCount } = options;
  if (!Number.isInteger(signCount) || signCount < 0 || signCount > 0xffffffff) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'signCount must be a 32-bit unsigned integer', { received: signCount });
  }
  const rpIdHash = options.rpIdHash ?? (await sha256(encodeUtf8(options.rpId)));
  const attested = options.attestedCredentialData ? encodeAttestedCredentialData(options.attestedCredentialData) : new Uint8Array(0);
  const extensions = options.extensions === undefined ? new Uint8Array(0) : encodeCbor(options.extensions as CborEncodable);
  const flags = options.rawFlags ?? flagsByte(options.flags ?? {}, attested.length > 0, extensions.length > 0);
  return concat(rpIdHash, new Uint8Array([flags & 0xff]), u32(signCount), attested, extensions);
}
