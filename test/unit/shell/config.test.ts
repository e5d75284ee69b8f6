import { describe, expect, it } from 'vitest';
import { readShellConfig } from '../../../src/main/shell/config';

describe('start-up configuration', () => {
  it('reads the addresses and the user to prefill', () => {
    const { config, problems } = readShellConfig({
      SOFTPHONE_SERVER_URL: 'http://127.0.0.1:8787',
      SOFTPHONE_PBX_URL: 'wss://pbx.example.com/ws',
      SOFTPHONE_PREFILL_USER: ' alice ',
    });
    expect(config).toEqual({
      serverUrl: 'http://127.0.0.1:8787',
      pbxUrl: 'wss://pbx.example.com/ws',
      prefillUser: 'alice',
      trustedCa: null,
    });
    expect(problems).toEqual([]);
  });

  it('treats absent values as not configured', () => {
    expect(readShellConfig({ SOFTPHONE_PBX_URL: '  ' })).toEqual({
      config: { serverUrl: null, pbxUrl: null, prefillUser: null, trustedCa: null },
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

  it('reads an extra trusted CA from the file SOFTPHONE_EXTRA_CA names, or says why not', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const files: Record<string, string> = { '/etc/company-ca.pem': pem, '/tmp/notes.txt': 'hello' };
    const readFile = (path: string): string => {
      const content = files[path];
      if (content === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
      return content;
    };
    expect(readShellConfig({ SOFTPHONE_EXTRA_CA: '/etc/company-ca.pem' }, readFile).config.trustedCa).toBe(pem);
    const missing = readShellConfig({ SOFTPHONE_EXTRA_CA: '/nope.pem' }, readFile);
    expect(missing.config.trustedCa).toBeNull();
    expect(missing.problems).toEqual([
      "SOFTPHONE_EXTRA_CA names a file that cannot be read (ENOENT: no such file, open '/nope.pem'); it is ignored.",
    ]);
    const notPem = readShellConfig({ SOFTPHONE_EXTRA_CA: '/tmp/notes.txt' }, readFile);
    expect(notPem.config.trustedCa).toBeNull();
    expect(notPem.problems).toEqual(['SOFTPHONE_EXTRA_CA (/tmp/notes.txt) holds no PEM certificate; it is ignored.']);
  });
});
