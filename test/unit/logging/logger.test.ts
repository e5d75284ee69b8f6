import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLogFile } from '../../../src/main/logging/fileLogger';
import {
  createLineLogger,
  logLevelFrom,
  prefixedLogger,
  redact,
} from '../../../src/main/logging/logger';

describe('redact', () => {
  it.each([
    ['+46701234567', '[number]'],
    ['call from +46 70 123 45 67 missed', 'call from [number] missed'],
    ['dialled 070-123 45 67', 'dialled [number]'],
    ['dialled 0812345678.', 'dialled [number].'],
    ['sip:alice@example.com', 'sip:[user]@example.com'],
    [
      'INVITE sip:1002@pbx.example.com:5060;transport=ws',
      'INVITE sip:[user]@pbx.example.com:5060;transport=ws',
    ],
    ['<sips:+46701234567@10.0.0.1>', '<sips:[user]@10.0.0.1>'],
    [
      'From: "Alice Andersson" <sip:alice@example.com>;tag=1',
      'From: "[name]" <sip:[user]@example.com>;tag=1',
    ],
    ['signed in as alice@example.com', 'signed in as [email]'],
    ['mail anna.berg+work@mail.example.co.uk now', 'mail [email] now'],
    ['tel:+46701234567', 'tel:[number]'],
  ])('masks %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    'Registration refused: 403 Forbidden',
    'Reconnecting to the PBX in 16000 ms',
    'ws://127.0.0.1:5066 at 2026-11-23T17:00:05.000Z',
    'PBX at 192.168.100.200:5060 answered',
    'media session 3f2a1b4c-1234-5678-9abc-def012345678 closed',
    'on 2026-11-23 the revision was 42',
    'sip:pbx.example.com is reachable',
  ])('leaves %j readable', (input) => {
    expect(redact(input)).toBe(input);
  });
});

describe('logLevelFrom', () => {
  it('reads SOFTPHONE_LOG_LEVEL, defaults to info and reports a typo', () => {
    expect(logLevelFrom({})).toEqual({ level: 'info', problem: null });
    expect(logLevelFrom({ SOFTPHONE_LOG_LEVEL: ' DEBUG ' })).toEqual({
      level: 'debug',
      problem: null,
    });
    expect(logLevelFrom({ SOFTPHONE_LOG_LEVEL: 'silent' }).level).toBe('silent');
    const typo = logLevelFrom({ SOFTPHONE_LOG_LEVEL: 'verbose' });
    expect(typo.level).toBe('info');
    expect(typo.problem).toMatch(
      /SOFTPHONE_LOG_LEVEL must be one of debug, info, warn, error, silent/,
    );
  });
});

describe('line logger', () => {
  const now = () => new Date('2026-11-23T18:00:00.000Z');

  it('writes redacted lines at or above its level, with error stacks', () => {
    const lines: string[] = [];
    const logger = createLineLogger({ level: 'warn', write: (line) => lines.push(line), now });
    logger.debug('hidden');
    logger.info('hidden too');
    logger.warn('call from +46701234567 missed');
    const failure = new Error('sip:alice@example.com is gone');
    logger.error('it broke:', failure, { number: '+46701234567' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('2026-11-23T18:00:00.000Z WARN  call from [number] missed\n');
    expect(lines[1]).toMatch(
      /^2026-11-23T18:00:00\.000Z ERROR it broke: Error: sip:\[user\]@example\.com is gone\n/,
    );
    expect(lines[1]).toContain('{"number":"[number]"}');
    expect(lines.join('')).not.toMatch(/alice|46701234567/);
  });

  it('says nothing at level silent, everything at debug', () => {
    const silent: string[] = [];
    const quiet = createLineLogger({ level: 'silent', write: (line) => silent.push(line) });
    quiet.error('x');
    expect(silent).toEqual([]);
    const all: string[] = [];
    const chatty = prefixedLogger(
      createLineLogger({ level: 'debug', write: (line) => all.push(line), now }),
      '[client 1] ',
    );
    chatty.debug('d');
    chatty.info('i');
    expect(all).toEqual([
      '2026-11-23T18:00:00.000Z DEBUG [client 1] d\n',
      '2026-11-23T18:00:00.000Z INFO  [client 1] i\n',
    ]);
  });
});

describe('log file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'softphone-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes redacted lines into the folder and honours the level', async () => {
    const log = openLogFile({ dir: path.join(dir, 'logs'), level: 'info' });
    log.debug('not written');
    log.info('Call to +46701234567 answered');
    log.error('Registration of sip:1002@pbx.example.com refused');
    await log.close();
    expect(log.path).toBe(path.join(dir, 'logs', 'softphone.log'));
    const text = await readFile(log.path, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(2);
    expect(text).toContain('INFO  Call to [number] answered');
    expect(text).toContain('ERROR Registration of sip:[user]@pbx.example.com refused');
    expect(text).not.toMatch(/1002|46701234567|not written/);
    // readable by the user only (issue 12: the client's files)
    expect((await stat(log.path)).mode & 0o777).toBe(0o600);
  });

  it('rotates by size and keeps a bounded number of files', async () => {
    const log = openLogFile({ dir, level: 'info', size: '1K', maxFiles: 2 });
    for (let i = 0; i < 60; i += 1) log.info(`line ${i} ${'x'.repeat(60)}`);
    await log.close();
    const names = await readdir(dir);
    expect(names).toContain('softphone.log');
    // Rotated files are named by time; rotating-file-stream keeps their list in softphone.log.txt.
    const rotated = names.filter((name) => /^\d{8}-\d{4}-\d{2}-softphone\.log$/.test(name));
    expect(rotated.length).toBeGreaterThanOrEqual(1);
    expect(rotated.length).toBeLessThanOrEqual(2);
    expect(names.length).toBeLessThanOrEqual(4);
  });

  it('creates no file when nothing is logged', async () => {
    const log = openLogFile({ dir: path.join(dir, 'logs'), level: 'info' });
    log.debug('below the level');
    await log.close();
    await expect(readdir(path.join(dir, 'logs'))).rejects.toThrow();
  });
});
