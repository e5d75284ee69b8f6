import { describe, expect, it } from 'vitest';
import { mediaTarget, verifyMediaTarget } from '../../../src/server/services/media-targets';
import { parseTarget } from '../../../scripts/pbx/media/dispatcher';

const SECRET = 'unit-secret-0123456789';
const USER = '6b1f3c2e-1d2a-4c5b-9e8f-0a1b2c3d4e5f';

describe('media targets (only the server issues them, each for one call)', () => {
  it('round-trips script and subject for the call it was made for', () => {
    const target = mediaTarget(SECRET, 'vm', USER, 'call-1@host');
    expect(target).toMatch(/^vm-6b1f3c2e-1d2a-4c5b-9e8f-0a1b2c3d4e5f-[0-9a-f]{32}$/);
    expect(verifyMediaTarget(SECRET, target, 'call-1@host')).toEqual({ script: 'vm', subject: USER });
    expect(parseTarget(target)).toEqual({ script: 'vm', subject: USER });
  });

  it('refuses another call, another secret, a changed subject or script, and malformed strings', () => {
    const target = mediaTarget(SECRET, 'vm', USER, 'call-1@host');
    expect(verifyMediaTarget(SECRET, target, 'call-2@host')).toBeNull();
    expect(verifyMediaTarget('other-secret-0123456789', target, 'call-1@host')).toBeNull();
    expect(verifyMediaTarget(SECRET, target.replace('6b1f', '6b1e'), 'call-1@host')).toBeNull();
    expect(verifyMediaTarget(SECRET, target.replace(/^vm/, 'ann'), 'call-1@host')).toBeNull();
    for (const bad of ['', 'vm', 'vm-', `vm-${USER}`, '-x-y', 'voicemail', `VM-${USER}-00`]) {
      expect(verifyMediaTarget(SECRET, bad, 'call-1@host')).toBeNull();
    }
  });

  it('will not make a target of names that do not fit a SIP user part', () => {
    expect(() => mediaTarget(SECRET, 'v m', USER, 'c')).toThrow();
    expect(() => mediaTarget(SECRET, 'vm', 'a@b', 'c')).toThrow();
    expect(() => mediaTarget(SECRET, 'vm', '', 'c')).toThrow();
  });
});
