// The demo's storage: a `Store` interface and one implementation, a JSON file under a data
// directory. Swap `JsonFileStore` for a database by implementing the same eight methods; the
// server (demo/app.mjs) never touches the file itself.
//
// Only users and credentials are stored here. Pending ceremonies (challenges) and sessions live in
// memory (demo/ceremonies.mjs): they are short-lived, and losing them on restart only means
// "start the sign-in again". A multi-instance deployment would put those in a shared store too.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * @typedef {object} User
 * @property {string} id           base64url user handle (random, no PII; §14.6.1 of WebAuthn L3)
 * @property {string} name         unique username
 * @property {string} displayName
 * @property {string} createdAt    ISO time
 *
 * @typedef {object} StoredCredential
 * @property {string} id            base64url credential id
 * @property {string} userId        base64url user handle of the owner
 * @property {string} publicKey     base64url COSE_Key
 * @property {number} algorithm     COSE algorithm id
 * @property {number} counter       last seen signature counter
 * @property {string[]} transports
 * @property {boolean} backupEligible
 * @property {boolean} backedUp
 * @property {string} aaguid
 * @property {string} fmt           attestation format at registration
 * @property {string} attestationType
 * @property {boolean} userVerified  UV at registration
 * @property {string} createdAt
 * @property {string | null} lastUsedAt
 *
 * @typedef {object} Store
 * @property {(name: string) => Promise<User | undefined>} getUserByName
 * @property {(id: string) => Promise<User | undefined>} getUserById
 * @property {(user: User, credential: StoredCredential) => Promise<void>} createUser  account + first passkey, atomically
 * @property {(id: string) => Promise<StoredCredential | undefined>} getCredential
 * @property {(userId: string) => Promise<StoredCredential[]>} listCredentials
 * @property {(credential: StoredCredential) => Promise<void>} addCredential
 * @property {(id: string, patch: Partial<StoredCredential>) => Promise<void>} updateCredential
 * @property {(userId: string, id: string) => Promise<boolean>} removeCredential
 */

export class StoreConflictError extends Error {
  /** @param {'DEMO_USERNAME_TAKEN' | 'DEMO_CREDENTIAL_EXISTS'} code */
  constructor(code) {
    super(code === 'DEMO_USERNAME_TAKEN' ? 'That username is taken' : 'This passkey is already registered');
    this.code = code;
  }
}

/** @implements {Store} */
export class JsonFileStore {
  /** @param {string} dir */
  static async open(dir) {
    await mkdir(dir, { recursive: true });
    const store = new JsonFileStore(dir);
    try {
      const text = await readFile(store.file, 'utf8');
      const data = JSON.parse(text);
      if (typeof data !== 'object' || data === null || typeof data.users !== 'object' || typeof data.credentials !== 'object') {
        throw new Error(`${store.file}: not a demo database`);
      }
      store.data = data;
    } catch (e) {
      if (/** @type {{ code?: string }} */ (e).code !== 'ENOENT') throw e;
    }
    return store;
  }

  /** @param {string} dir */
  constructor(dir) {
    this.file = join(dir, 'db.json');
    /** @type {{ version: 1, users: Record<string, User>, credentials: Record<string, StoredCredential> }} */
    this.data = { version: 1, users: {}, credentials: {} };
    /** Writes are chained so that two requests never interleave their temp-file renames. */
    this.queue = Promise.resolve();
  }

  /** Atomic save: write a temp file next to the target, then rename over it (rename is atomic on POSIX). */
  save() {
    const snapshot = JSON.stringify(this.data, null, 2) + '\n';
    const tmp = `${this.file}.${crypto.randomUUID()}.tmp`;
    const run = this.queue.then(async () => {
      await writeFile(tmp, snapshot, { mode: 0o600 });
      await rename(tmp, this.file);
    });
    this.queue = run.catch(() => {});
    return run;
  }

  async getUserByName(name) {
    return structuredClone(Object.values(this.data.users).find((u) => u.name === name));
  }

  async getUserById(id) {
    return structuredClone(Object.hasOwn(this.data.users, id) ? this.data.users[id] : undefined);
  }

  async createUser(user, credential) {
    if (Object.values(this.data.users).some((u) => u.name === user.name)) throw new StoreConflictError('DEMO_USERNAME_TAKEN');
    if (Object.hasOwn(this.data.credentials, credential.id)) throw new StoreConflictError('DEMO_CREDENTIAL_EXISTS');
    this.data.users[user.id] = structuredClone(user);
    this.data.credentials[credential.id] = structuredClone(credential);
    await this.save();
  }

  async getCredential(id) {
    return structuredClone(Object.hasOwn(this.data.credentials, id) ? this.data.credentials[id] : undefined);
  }

  async listCredentials(userId) {
    return structuredClone(Object.values(this.data.credentials).filter((c) => c.userId === userId));
  }

  async addCredential(credential) {
    if (Object.hasOwn(this.data.credentials, credential.id)) throw new StoreConflictError('DEMO_CREDENTIAL_EXISTS');
    this.data.credentials[credential.id] = structuredClone(credential);
    await this.save();
  }

  async updateCredential(id, patch) {
    const current = this.data.credentials[id];
    if (!current) return;
    // id and owner never change through an update.
    this.data.credentials[id] = { ...current, ...structuredClone(patch), id: current.id, userId: current.userId };
    await this.save();
  }

  async removeCredential(userId, id) {
    const current = this.data.credentials[id];
    if (!current || current.userId !== userId) return false;
    delete this.data.credentials[id];
    await this.save();
    return true;
  }
}
