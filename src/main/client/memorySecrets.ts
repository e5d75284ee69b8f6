import type { SecretName, SecretPort } from './ports';

/** Secrets held in memory only: for tests and the development harness (lost on restart). */
export class MemorySecretPort implements SecretPort {
  private readonly values = new Map<SecretName, string>();

  async get(name: SecretName): Promise<string | null> {
    return this.values.get(name) ?? null;
  }

  async set(name: SecretName, value: string): Promise<void> {
    this.values.set(name, value);
  }

  async delete(name: SecretName): Promise<void> {
    this.values.delete(name);
  }

  /** For tests: how many secrets are held. */
  get size(): number {
    return this.values.size;
  }
}
