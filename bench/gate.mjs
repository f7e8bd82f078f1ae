// The correctness gate, run before any timing: every contender must accept every valid input and
// refuse every tampered one. A benchmark of a verifier that does not verify is worthless.
// Our library and the crypto floors must pass outright (CI fails otherwise). A peer library's
// misses are its own defects: they are reported, and its timing uses only the inputs it accepted.

async function outcome(fn, input) {
  try {
    const r = await fn(input);
    return r !== false;
  } catch {
    return false;
  }
}

/**
 * Returns { failures, peerDefects, accepted } where accepted: Map contender name → indices of the
 * valid inputs it accepted.
 */
export async function gate(contenders, valid, tampered, label) {
  const failures = [];
  const peerDefects = [];
  const accepted = new Map();
  for (const c of contenders) {
    const sink = c.kind === 'peer' ? peerDefects : failures;
    const ok = [];
    for (const [k, input] of valid.entries()) {
      if (await outcome(c.fn, input)) ok.push(k);
      else sink.push(`${label} / ${c.name}: valid input #${k} was refused`);
    }
    accepted.set(c.name, ok);
    for (const input of tampered) {
      if (c.signatureOnly && input.notSignature) continue; // a bare signature check cannot see the challenge
      if (await outcome(c.fn, input)) sink.push(`${label} / ${c.name}: tampered input (${input.what}) was ACCEPTED`);
    }
  }
  return { failures, peerDefects, accepted };
}
