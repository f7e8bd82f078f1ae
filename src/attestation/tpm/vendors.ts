/**
 * TPM manufacturer ids from the TCG "TPM Vendor ID Registry" (the TPM_PT_MANUFACTURER values, four
 * ASCII characters padded with NUL, written as 8 hex digits). The AIK certificate's SAN carries the
 * manufacturer as "id:XXXXXXXX" (TCG EK Credential Profile §3.2.9, referenced by WebAuthn L3 §8.3.1).
 *
 * Source: TCG, "TCG TPM Vendor ID Registry", https://trustedcomputinggroup.org/resource/vendor-id-registry/
 * An id not listed here is rejected (ERR_ATTESTATION_TPM_VENDOR_UNKNOWN) only when the relying party
 * sets `attestation.tpmRequireKnownVendor`; by default any well-formed id passes (docs/attestation.md).
 */

export interface TpmVendor {
  /** Eight upper-case hex digits, e.g. "49465800". */
  readonly id: string;
  readonly name: string;
}

export const TPM_VENDORS: readonly TpmVendor[] = Object.freeze(
  [
    { id: '414D4400', name: 'AMD' },
    { id: '41544D4C', name: 'Atmel' },
    { id: '4252434D', name: 'Broadcom' },
    { id: '4353434F', name: 'Cisco' },
    { id: '464C5953', name: 'Flyslice Technologies' },
    { id: '524F4343', name: 'Fuzhou Rockchip' },
    { id: '474F4F47', name: 'Google' },
    { id: '48504900', name: 'HP Inc.' },
    { id: '48504500', name: 'HPE' },
    { id: '48495349', name: 'Huawei' },
    { id: '49424D00', name: 'IBM' },
    { id: '49465800', name: 'Infineon' },
    { id: '494E5443', name: 'Intel' },
    { id: '4C454E00', name: 'Lenovo' },
    { id: '4D534654', name: 'Microsoft' },
    { id: '4E534D20', name: 'National Semiconductor' },
    { id: '4E545A00', name: 'Nationz' },
    { id: '4E544300', name: 'Nuvoton Technology' },
    { id: '51434F4D', name: 'Qualcomm' },
    { id: '534D5343', name: 'SMSC' },
    { id: '53544D20', name: 'ST Microelectronics' },
    { id: '534D534E', name: 'Samsung' },
    { id: '534E5300', name: 'Sinosun' },
    { id: '54584E00', name: 'Texas Instruments' },
    { id: '57454300', name: 'Winbond' },
  ].map((v) => Object.freeze(v)),
);

const KNOWN = new Set(TPM_VENDORS.map((v) => v.id));

/**
 * Parses a SAN manufacturer value "id:XXXXXXXX" (8 hex digits, either case) into the upper-case id,
 * or returns undefined when the value is not of that form.
 */
export function parseTpmManufacturer(value: string): string | undefined {
  const m = /^id:([0-9A-Fa-f]{8})$/.exec(value);
  return m ? m[1]!.toUpperCase() : undefined;
}

/** True when `id` (8 hex digits, as returned by parseTpmManufacturer) is in the TCG registry list. */
export function isKnownTpmVendor(id: string): boolean {
  return KNOWN.has(id.toUpperCase());
}
