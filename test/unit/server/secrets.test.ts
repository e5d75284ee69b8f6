import { describe, expect, it } from 'vitest';
import { hashPassword, randomPassword, randomToken, verifyPassword } from '../../../src/server/security/secrets';

describe('secrets', () => {
  it('hashes with scrypt, salted, with the cost in the hash', async () => {
    const a = await hashPassword('correct horse', 1024);
    const b = await hashPassword('correct horse', 1024);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsE', a)).toBe(false);
    // A hash made at another cost still verifies: the cost travels with it.
    expect(await verifyPassword('x', await hashPassword('x', 2048))).toBe(true);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });

  it('makes typeable random passwords and long random tokens', () => {
    const passwords = new Set(Array.from({ length: 200 }, () => randomPassword()));
    expect(passwords.size).toBe(200);
    for (const p of passwords) expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{16}$/);
    expect(randomToken()).toMatch(/^[\w-]{43}$/);
  });
});
