// Pending ceremonies (challenges) and signed-in sessions, both in the database, so that every
// server process sharing it sees the same ones.
//
// The rules a relying party must get right, and where this file gets them right:
// - A challenge is random (generate*Options draws 32 bytes from crypto.getRandomValues).
// - It is bound to the browser that asked for it (an HttpOnly, SameSite=Strict ceremony cookie)
//   and to the ceremony kind: a registration challenge cannot finish a sign-in.
// - It is single-use: `take()` deletes it BEFORE verification (DELETE … RETURNING: one caller gets
//   the row, every concurrent or later one gets nothing), so a failed attempt also burns it.
// - It expires: `take()` refuses one older than its TTL (DEMO_CEREMONY_EXPIRED).
// - Anonymous load is bounded on its own: a ceremony row is created only when a ceremony starts
//   (never for a GET), at most `perIp` pending per client address and `max` in all. Signed-in
//   sessions live in another table that anonymous traffic never touches, so it evicts nobody.

const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 10_000;

export class CeremonyError extends Error {
  /** @param {string} code @param {string} message @param {number} [status] */
  constructor(code, message, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** A 256-bit random token, base64url. */
export function randomToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class Ceremonies {
  /**
   * @param {import('./db.mjs').Database} db
   * @param {{ now?: () => number, maxPending?: number, maxPendingPerIp?: number }} [options]
   */
  constructor(db, options = {}) {
    this.db = db;
    this.now = options.now ?? (() => Date.now());
    this.max = options.maxPending ?? 10_000;
    this.perIp = options.maxPendingPerIp ?? 64;
    this.lastSweep = 0;
  }

  /**
   * Starts a ceremony; `replaces` is the browser's previous ceremony id (one pending per browser).
   * Throws DEMO_TOO_MANY_CEREMONIES (429 per address, 503 in all) past the bounds.
   */
  async begin(ceremony, { ttlMs, clientIp, replaces }) {
    await this.sweep();
    if (replaces) await this.db.query('DELETE FROM ceremonies WHERE id = $1', [replaces]);
    const id = randomToken();
    const now = this.now();
    // One statement: the bounds are checked and the row inserted together (LIMIT keeps the count cheap).
    const { rowCount } = await this.db.query(
      `INSERT INTO ceremonies (id, kind, challenge, user_id, user_name, display_name, new_account, session_id, client_ip, expires_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10
       WHERE (SELECT count(*) FROM (SELECT 1 FROM ceremonies WHERE client_ip = $9 AND expires_at > $11 LIMIT $12) a) < $12
         AND (SELECT count(*) FROM (SELECT 1 FROM ceremonies WHERE expires_at > $11 LIMIT $13) b) < $13`,
      [id, ceremony.kind, ceremony.challenge, ceremony.userId ?? null, ceremony.userName ?? null, ceremony.displayName ?? null,
        ceremony.newAccount === true, ceremony.sessionId ?? null, clientIp, now + ttlMs, now, this.perIp, this.max],
    );
    if (rowCount !== 1) throw new CeremonyError('DEMO_TOO_MANY_CEREMONIES', 'Too many sign-ins in progress: try again in a few minutes', 429);
    return id;
  }

  /**
   * Consumes the ceremony with this id, whatever happens next (single use). Throws a CeremonyError
   * when there is none, it is of the other kind, or it expired.
   * @param {string | undefined} id @param {'registration' | 'authentication'} kind
   */
  async take(id, kind) {
    const { rows } = id ? await this.db.query('DELETE FROM ceremonies WHERE id = $1 RETURNING *', [id]) : { rows: [] };
    const c = rows[0];
    if (!c) throw new CeremonyError('DEMO_NO_PENDING_CEREMONY', 'No pending ceremony: request options first (challenges are single-use)');
    if (c.kind !== kind) throw new CeremonyError('DEMO_CEREMONY_KIND_MISMATCH', `The pending ceremony is a ${c.kind}, not a ${kind}`);
    if (Number(c.expires_at) <= this.now()) throw new CeremonyError('DEMO_CEREMONY_EXPIRED', 'The challenge expired: start again');
    return {
      kind: c.kind,
      challenge: c.challenge,
      userId: c.user_id ?? undefined,
      userName: c.user_name ?? undefined,
      displayName: c.display_name ?? undefined,
      newAccount: c.new_account,
      sessionId: c.session_id ?? undefined,
    };
  }

  /** The signed-in session with this id, if any and not expired. */
  async session(id) {
    if (!id) return undefined;
    const { rows } = await this.db.query('SELECT id, user_id FROM sessions WHERE id = $1 AND expires_at > $2', [id, this.now()]);
    return rows[0] && { id: rows[0].id, userId: rows[0].user_id };
  }

  /** Signing in changes privilege: always a new session id (no fixation); the old one ends. */
  async signIn(userId, previousId) {
    const id = randomToken();
    await this.db.transaction(async (q) => {
      if (previousId) await q('DELETE FROM sessions WHERE id = $1', [previousId]);
      await q('INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, $3)', [id, userId, this.now() + SESSION_TTL_MS]);
    });
    return { id, userId };
  }

  async signOut(id) {
    if (id) await this.db.query('DELETE FROM sessions WHERE id = $1', [id]);
  }

  /** Drops expired rows, at most once per 10 s per process. */
  async sweep() {
    const now = this.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS && now >= this.lastSweep) return;
    this.lastSweep = now;
    await this.db.query('DELETE FROM ceremonies WHERE expires_at <= $1', [now]);
    await this.db.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
  }
}
