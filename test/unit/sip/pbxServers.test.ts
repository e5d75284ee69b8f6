import { describe, expect, it } from 'vitest';
import { PbxServers, pbxAddressesFor } from '../../../src/main/sip/pbxServers';

describe('the PBX proxy a softphone registers at', () => {
  it('starts on the first, moves on to the next on each failure, round and round', () => {
    const servers = new PbxServers(['ws://a', 'ws://b', 'ws://c']);
    expect(servers.current).toBe('ws://a');
    expect(servers.failed()).toBe(false);
    expect(servers.current).toBe('ws://b');
    expect(servers.failed()).toBe(false);
    expect(servers.current).toBe('ws://c');
    // every one failed since the last success: a round, the backoff grows
    expect(servers.failed()).toBe(true);
    expect(servers.current).toBe('ws://a');
    expect(servers.failedRounds).toBe(1);
  });

  it('stays on the one that worked, and the waits start small again', () => {
    const servers = new PbxServers(['ws://a', 'ws://b']);
    servers.failed();
    servers.failed();
    servers.failed();
    expect(servers.current).toBe('ws://b');
    expect(servers.failedRounds).toBe(1);
    servers.succeeded();
    expect(servers.current).toBe('ws://b');
    expect(servers.failedRounds).toBe(0);
    // b is lost (killed): a at once, without a grown wait
    expect(servers.failed()).toBe(false);
    expect(servers.current).toBe('ws://a');
  });

  it('with one address, every failure is a failed round (the single-PBX backoff)', () => {
    const servers = new PbxServers(['wss://pbx']);
    expect(servers.failed()).toBe(true);
    expect(servers.failed()).toBe(true);
    expect(servers.current).toBe('wss://pbx');
    expect(servers.failedRounds).toBe(2);
  });

  it('ignores repeated and empty addresses, and refuses none at all', () => {
    const servers = new PbxServers(['ws://a', ' ws://a ', '', 'ws://b']);
    servers.failed();
    expect(servers.current).toBe('ws://b');
    expect(servers.failed()).toBe(true);
    expect(() => new PbxServers([' '])).toThrow(/No PBX address/);
  });

  it('takes the address configured on this machine alone, else every proxy the server names, else its one address', () => {
    const named = { wsUrl: 'wss://a', wsUrls: ['wss://a', 'wss://b'] };
    expect(pbxAddressesFor('ws://127.0.0.1:5066', named)).toEqual(['ws://127.0.0.1:5066']);
    expect(pbxAddressesFor(null, named)).toEqual(['wss://a', 'wss://b']);
    // an older server names one address only
    expect(pbxAddressesFor(null, { wsUrl: 'wss://a' })).toEqual(['wss://a']);
    expect(pbxAddressesFor(null, { wsUrl: 'wss://a', wsUrls: [] })).toEqual(['wss://a']);
    expect(pbxAddressesFor(null, { wsUrl: null })).toEqual([]);
  });
});
