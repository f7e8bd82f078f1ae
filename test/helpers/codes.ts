/** The outcome of a ceremony as one string: 'verified', or the WebAuthnError code it rejected with. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'verified';
  } catch (e) {
    return (e as { code?: string }).code ?? `non-WebAuthnError: ${String(e)}`;
  }
}
