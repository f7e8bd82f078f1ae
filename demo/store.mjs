// The demo's store: the store contract of docs/production.md, in SQL that runs unchanged on
// PGlite and PostgreSQL (demo/db.mjs). Every rule is carried by one statement or one transaction,
// so it holds with any number of server processes on one database:
// - a challenge is consumed atomically, exactly once (DELETE … RETURNING), and has an expiry;
// - credential ids and usernames are unique (constraints; a violation is a StoreConflictError);
// - the counter and backup state are updated by compare-and-set against the values that were
//   verified; a lost race updates nothing and the caller refuses the sign-in;
// - a failed write changes nothing (a transaction, or one statement).
import { migrate } from './schema.mjs';

/**
 * @typedef {object} User
 * @property {string} id            base64url user handle (random, no PII; §14.6.1 of WebAuthn L3)
 * @property {string} name          unique username
 * @property {string} displayName
 *
 * @typedef {object} StoredCredential
 * @property {string} id            base64url credential id
 * @property {string} userId        base64url user handle of the owner
 * @property {Uint8Array} publicKey COSE_Key
 * @property {number} algorithm     COSE algorithm id
 * @property {number} counter       last verified signature counter
 * @property {string[]} transports
 * @property {boolean} backupEligible
 * @property {boolean} backedUp
 * @property {string} aaguid
 * @property {string} fmt           attestation format at registration
 * @property {string} attestationType
 * @property {boolean} userVerified  UV at registration
 * @property {string} [createdAt]
 * @property {string | null} [lastUsedAt]
 */

export class StoreConflictError extends Error {
  /** @param {'DEMO_USERNAME_TAKEN' | 'DEMO_CREDENTIAL_EXISTS'} code */
  constructor(code) {
    super(code === 'DEMO_USERNAME_TAKEN' ? 'That username is taken' : 'This passkey is already registered');
    this.code = code;
    this.status = 409;
  }
}

const CREDENTIAL_COLUMNS = 'id, user_id, public_key, algorithm, counter, transports, backup_eligible, backed_up, aaguid, fmt, attestation_type, user_verified, created_at, last_used_at';

export class SqlStore {
  /** Opens the schema (migrations at start). @param {import('./db.mjs').Database} db */
  static async open(db) {
    await migrate(db);
    return new SqlStore(db);
  }

  /** @param {import('./db.mjs').Database} db */
  constructor(db) {
    this.db = db;
  }

  async getUserByName(name) {
    const { rows } = await this.db.query('SELECT id, name, display_name FROM users WHERE name = $1', [name]);
    return rows[0] && toUser(rows[0]);
  }

  async getUserById(id) {
    const { rows } = await this.db.query('SELECT id, name, display_name FROM users WHERE id = $1', [id]);
    return rows[0] && toUser(rows[0]);
  }

  /** Account and first passkey in one transaction: both or neither. @param {User} user @param {StoredCredential} credential */
  async createUser(user, credential) {
    await conflictsAsErrors(() => this.db.transaction(async (q) => {
      await q('INSERT INTO users (id, name, display_name) VALUES ($1, $2, $3)', [user.id, user.name, user.displayName]);
      await insertCredential(q, credential);
    }));
  }

  /** @param {StoredCredential} credential */
  async addCredential(credential) {
    await conflictsAsErrors(() => insertCredential((sql, p) => this.db.query(sql, p), credential));
  }

  async getCredential(id) {
    const { rows } = await this.db.query(`SELECT ${CREDENTIAL_COLUMNS} FROM credentials WHERE id = $1`, [id]);
    return rows[0] && toCredential(rows[0]);
  }

  async listCredentials(userId) {
    const { rows } = await this.db.query(`SELECT ${CREDENTIAL_COLUMNS} FROM credentials WHERE user_id = $1 ORDER BY created_at, id`, [userId]);
    return rows.map(toCredential);
  }

  /**
   * §7.2 step 22 on the RP's side: store the new counter and backup state only if the row still
   * holds what was verified. Returns false when another sign-in changed it first (refuse this one).
   * @param {string} id
   * @param {{ previousCounter: number, previousBackedUp: boolean, newCounter: number, backedUp: boolean }} change
   */
  async recordSignIn(id, change) {
    const { rowCount } = await this.db.query(
      'UPDATE credentials SET counter = $2, backed_up = $3, last_used_at = now() WHERE id = $1 AND counter = $4 AND backed_up = $5',
      [id, change.newCounter, change.backedUp, change.previousCounter, change.previousBackedUp],
    );
    return rowCount === 1;
  }

  /** Removes one of the user's passkeys unless it is the last: 'removed' | 'last' | 'missing'. */
  async removeCredential(userId, id) {
    return this.db.transaction(async (q) => {
      // Lock the owner's row: two concurrent removals of the last two passkeys run one after another.
      const owner = await q('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
      if (owner.rowCount !== 1) return 'missing';
      const { rows } = await q('SELECT id FROM credentials WHERE user_id = $1', [userId]);
      if (!rows.some((r) => r.id === id)) return 'missing';
      if (rows.length === 1) return 'last';
      await q('DELETE FROM credentials WHERE id = $1 AND user_id = $2', [id, userId]);
      return 'removed';
    });
  }
}

function insertCredential(q, c) {
  return q(
    `INSERT INTO credentials (id, user_id, public_key, algorithm, counter, transports, backup_eligible, backed_up, aaguid, fmt, attestation_type, user_verified)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [c.id, c.userId, c.publicKey, c.algorithm, c.counter, c.transports, c.backupEligible, c.backedUp, c.aaguid, c.fmt, c.attestationType, c.userVerified],
  );
}

/** PostgreSQL unique_violation (23505) → which rule was broken, as a StoreConflictError. */
async function conflictsAsErrors(write) {
  try {
    return await write();
  } catch (e) {
    if (e?.code !== '23505') throw e;
    throw new StoreConflictError(String(e.constraint ?? e.message).includes('users_name') ? 'DEMO_USERNAME_TAKEN' : 'DEMO_CREDENTIAL_EXISTS');
  }
}

function toUser(r) {
  return { id: r.id, name: r.name, displayName: r.display_name };
}

/** @returns {StoredCredential} */
function toCredential(r) {
  return {
    id: r.id,
    userId: r.user_id,
    publicKey: new Uint8Array(r.public_key),
    algorithm: r.algorithm,
    counter: Number(r.counter),
    transports: r.transports ?? [],
    backupEligible: r.backup_eligible,
    backedUp: r.backed_up,
    aaguid: r.aaguid,
    fmt: r.fmt,
    attestationType: r.attestation_type,
    userVerified: r.user_verified,
    createdAt: new Date(r.created_at).toISOString(),
    lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
  };
}
