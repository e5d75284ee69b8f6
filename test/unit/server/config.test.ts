import { describe, expect, it } from 'vitest';
import { loadConfig, realmOf } from '../../../src/server/config';

describe('server configuration', () => {
  it('has local defaults', () => {
    const { config, demo } = loadConfig([], {});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8787, dbPath: './profile-server.sqlite', sipDomain: 'softphone.local', voicemailUser: 'voicemail' });
    expect(realmOf(config)).toBe('softphone.local');
    expect(demo).toBe(false);
  });

  it('logs at info unless LOG_LEVEL or --log-level says otherwise', () => {
    expect(loadConfig([], {}).config.logLevel).toBe('info');
    expect(loadConfig([], { LOG_LEVEL: 'warn' }).config.logLevel).toBe('warn');
    expect(loadConfig(['--log-level', 'debug'], { LOG_LEVEL: 'warn' }).config.logLevel).toBe('debug');
    expect(() => loadConfig(['--log-level', 'chatty'], {})).toThrow(/logLevel/);
  });

  it('reads the environment, and flags win over it', () => {
    const { config, demo } = loadConfig(['--port', '9001', '--demo', '--db', '/tmp/x.sqlite'], {
      PROFILE_SERVER_PORT: '9000',
      SIP_DOMAIN: 'pbx.example',
      SIP_REALM: 'realm.example',
      PBX_SHARED_SECRET: 'a-long-enough-secret',
    });
    expect(config).toMatchObject({ port: 9001, dbPath: '/tmp/x.sqlite', sipDomain: 'pbx.example', pbxSecret: 'a-long-enough-secret' });
    expect(realmOf(config)).toBe('realm.example');
    expect(demo).toBe(true);
  });

  it('reads the PBX address softphones use (null when unset)', () => {
    expect(loadConfig([], {}).config.pbxWsUrl).toBeNull();
    expect(loadConfig([], { PBX_WS_URL: 'wss://pbx.example.com/ws' }).config.pbxWsUrl).toBe('wss://pbx.example.com/ws');
    expect(loadConfig(['--pbx-ws-url', 'ws://127.0.0.1:5066'], { PBX_WS_URL: 'wss://x.example' }).config.pbxWsUrl).toBe('ws://127.0.0.1:5066');
    expect(() => loadConfig(['--pbx-ws-url', 'https://pbx.example.com'], {})).toThrow(/ws:\/\/ or wss:\/\//);
  });

  it('reads every PBX proxy softphones may use as a comma list (PBX_WS_URLS, --pbx-ws-urls)', () => {
    expect(loadConfig([], {}).config.pbxWsUrls).toEqual([]);
    expect(loadConfig([], { PBX_WS_URLS: 'wss://a.example/ws, wss://b.example/ws,' }).config.pbxWsUrls).toEqual(['wss://a.example/ws', 'wss://b.example/ws']);
    expect(loadConfig(['--pbx-ws-urls=ws://127.0.0.1:5066,ws://127.0.0.2:5066'], { PBX_WS_URLS: 'wss://x.example' }).config.pbxWsUrls).toEqual(['ws://127.0.0.1:5066', 'ws://127.0.0.2:5066']);
    expect(() => loadConfig([], { PBX_WS_URLS: 'wss://a.example,https://b.example' })).toThrow(/ws:\/\/ or wss:\/\//);
  });

  it('accepts a secret that starts with "-" in --name=value form (what the launchers pass)', () => {
    // The launcher's random base64url secret begins with "-" about once in 64 starts.
    const secret = '-Xq3_secret-0123456789';
    expect(loadConfig([`--pbx-secret=${secret}`, '--port=9002'], {}).config).toMatchObject({ pbxSecret: secret, port: 9002 });
    expect(loadConfig(['--pbx-secret=--looks-like-a-flag-0123'], {}).config.pbxSecret).toBe('--looks-like-a-flag-0123');
  });

  it('names what is wrong', () => {
    expect(() => loadConfig(['--port', 'eighty'], {})).toThrow(/port/);
    expect(() => loadConfig([], { PBX_SHARED_SECRET: 'short' })).toThrow(/PBX secret must have at least 16 characters/);
    expect(() => loadConfig(['--nonsense'], {})).toThrow(/nonsense/);
  });
});

describe('the development PBX secret (issue 12)', () => {
  it('is accepted on a developer machine (loopback, not production)', () => {
    expect(loadConfig([], {}).config.pbxSecret).toBe('dev-pbx-secret-change-me');
  });

  it('is refused when the server listens beyond loopback or runs in production, naming what to set', () => {
    expect(() => loadConfig(['--host', '0.0.0.0'], {})).toThrow(/PBX secret is the development default.*PBX_SHARED_SECRET.*listens on 0\.0\.0\.0/);
    expect(() => loadConfig([], { NODE_ENV: 'production' })).toThrow(/PBX_SHARED_SECRET.*NODE_ENV is production/);
  });

  it('starts beyond loopback with a secret of its own', () => {
    const { config } = loadConfig(['--host', '0.0.0.0', '--pbx-secret=a-secret-of-our-own-123'], {});
    expect(config.host).toBe('0.0.0.0');
  });

  it('lets calendar URLs reach loopback only when asked, and never in production', () => {
    expect(loadConfig([], {}).config.calendarAllowLoopback).toBe(false);
    expect(loadConfig([], { CALENDAR_ALLOW_LOOPBACK: '1' }).config.calendarAllowLoopback).toBe(true);
    expect(() => loadConfig([], { CALENDAR_ALLOW_LOOPBACK: 'true', NODE_ENV: 'production', PBX_SHARED_SECRET: 'a-long-enough-secret' })).toThrow(/CALENDAR_ALLOW_LOOPBACK/);
    expect(loadConfig([], { CALENDAR_MAX_STEPS: '5000', CALENDAR_PARSE_TIMEOUT_MS: '3000' }).config).toMatchObject({ calendarMaxSteps: 5000, calendarParseTimeoutMs: 3000 });
  });
});
