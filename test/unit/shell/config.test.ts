import { describe, expect, it } from 'vitest';
import { readShellConfig } from '../../../src/main/shell/config';

describe('start-up configuration', () => {
  it('reads the addresses and the user to prefill', () => {
    const { config, problems } = readShellConfig({
      SOFTPHONE_SERVER_URL: 'http://127.0.0.1:8787',
      SOFTPHONE_PBX_URL: 'wss://pbx.example.com/ws',
      SOFTPHONE_PREFILL_USER: ' alice ',
    });
    expect(config).toEqual({ serverUrl: 'http://127.0.0.1:8787', pbxUrl: 'wss://pbx.example.com/ws', prefillUser: 'alice' });
    expect(problems).toEqual([]);
  });

  it('treats absent values as not configured', () => {
    expect(readShellConfig({ SOFTPHONE_PBX_URL: '  ' })).toEqual({
      config: { serverUrl: null, pbxUrl: null, prefillUser: null },
      problems: [],
    });
  });

  it('ignores wrong schemes and says so', () => {
    const { config, problems } = readShellConfig({ SOFTPHONE_SERVER_URL: 'ftp://x', SOFTPHONE_PBX_URL: 'https://pbx.example.com' });
    expect(config.serverUrl).toBeNull();
    expect(config.pbxUrl).toBeNull();
    expect(problems).toEqual([
      'SOFTPHONE_SERVER_URL must be an http(s):// address (got "ftp://x"); it is ignored.',
      'SOFTPHONE_PBX_URL must be a ws:// or wss:// address (got "https://pbx.example.com"); it is ignored.',
    ]);
  });
});
