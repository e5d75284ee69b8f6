/**
 * The client's SecretPort on Electron's safeStorage (Keychain, DPAPI, libsecret/KWallet).
 * Only ciphertext is written, to its own file. Where the OS offers no real encryption (no
 * keychain, or Linux's "basic_text" fallback, which is a hard-coded key) nothing is written:
 * the secret lives in memory for this run, the user is told once, and signs in again after
 * a restart. A secret that no longer decrypts (keychain reset) is dropped and reported.
 */
import { safeStorage } from 'electron';
import Store from 'electron-store';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_NAMES } from '../client/ports';
import type { SecretName, SecretPort } from '../client/ports';

type Ciphertexts = Partial<Record<SecretName, string>>;

export interface SafeStorageSecretsOptions {
  cwd: string;
  name?: string;
  platform?: NodeJS.Platform;
  /** Tells the user something about their secrets (shown as a notice). */
  report: (message: string) => void;
}

/** Why secrets cannot be stored encrypted on this machine, or null when they can. */
function encryptionUnavailableReason(platform: NodeJS.Platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) return 'the system keychain is not available';
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') {
      return 'no system keyring (GNOME Keyring or KWallet) was found';
    }
  }
  return null;
}

export class SafeStorageSecrets implements SecretPort {
  private readonly memoryOnly = new Map<SecretName, string>();
  private store: Store<Ciphertexts> | null = null;
  private warned = false;

  constructor(private readonly options: SafeStorageSecretsOptions) {}

  async get(name: SecretName): Promise<string | null> {
    const inMemory = this.memoryOnly.get(name);
    if (inMemory !== undefined) return inMemory;
    const ciphertext = this.open().get(name);
    if (typeof ciphertext !== 'string') return null;
    if (this.unavailableReason() !== null) return null;
    try {
      return safeStorage.decryptString(Buffer.from(ciphertext, 'base64'));
    } catch {
      this.open().delete(name);
      this.options.report('A saved sign-in could not be decrypted (the system keychain changed); please sign in again.');
      return null;
    }
  }

  async set(name: SecretName, value: string): Promise<void> {
    const reason = this.unavailableReason();
    if (reason !== null) {
      // Never plaintext on disk: keep it for this run only, and drop any stale ciphertext.
      this.memoryOnly.set(name, value);
      this.open().delete(name);
      if (!this.warned) {
        this.warned = true;
        this.options.report(
          `Your sign-in is not saved because ${reason}; you will need to sign in again after restarting the app.`,
        );
      }
      return;
    }
    this.memoryOnly.delete(name);
    this.open().set(name, safeStorage.encryptString(value).toString('base64'));
  }

  async delete(name: SecretName): Promise<void> {
    this.memoryOnly.delete(name);
    this.open().delete(name);
  }

  private unavailableReason(): string | null {
    return encryptionUnavailableReason(this.options.platform ?? process.platform);
  }

  private open(): Store<Ciphertexts> {
    if (this.store) return this.store;
    const name = this.options.name ?? 'secrets';
    const create = (): Store<Ciphertexts> =>
      new Store<Ciphertexts>({
        name,
        cwd: this.options.cwd,
        schema: Object.fromEntries(SECRET_NAMES.map((secret) => [secret, { type: 'string', maxLength: 20_000 }])),
        rootSchema: { additionalProperties: false },
        clearInvalidConfig: false,
        accessPropertiesByDotNotation: false,
      });
    try {
      this.store = create();
    } catch {
      const file = join(this.options.cwd, `${name}.json`);
      if (existsSync(file)) renameSync(file, join(this.options.cwd, `${name}.corrupt-${Date.now()}.json`));
      this.options.report('The saved sign-in was unreadable and was set aside; please sign in again.');
      this.store = create();
    }
    return this.store;
  }
}
