/**
 * In the user's language, everywhere (issue 14): what main itself puts into words (the tray
 * menu and its tooltip, OS notifications of incoming calls, the application menu) has no
 * English in it when the user's language is Swedish. The check (test/support/english.ts) is the
 * one the Playwright walk through the screens uses; its own tests show it can fail.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import type { CallView, ClientSnapshot } from '../../../src/shared/ipc';
import { en, sv, type MessageKey } from '../../../src/shared/i18n';
import { findEnglish } from '../../support/english';
import { FakeService, makeSnapshot } from './fixtures';
import { FakeNotification } from './fake-electron';

const electron = await vi.hoisted(async () => (await import('./fake-electron')).createElectronMock());
vi.mock('electron', () => ({ default: electron, ...electron }));

const { buildTrayMenu, trayToolTip } = await import('../../../src/main/shell/tray-menu');
const { announceIncomingCalls } = await import('../../../src/main/shell/notifications');
const { appMenuTemplate, installAppMenu } = await import('../../../src/main/shell/app-menu');
const { createDispatcher } = await import('../../../src/main/shell/dispatch');

/** Names the fixtures put in (people, queues, the company): data, not the UI's words. */
const DATA = ['Bob Berg', 'Demo Company', 'Support', 'Sales', 'Lunch with Bob', 'Softphone'];

/** Every label of a menu template, submenus included. */
function labels(items: readonly MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [...(item.label ? [item.label] : []), ...(Array.isArray(item.submenu) ? labels(item.submenu) : [])]);
}

const actions = { run: () => undefined, openWindow: () => undefined, quit: () => undefined, swatch: () => ({}) as NativeImage };

function swedish(change: (snapshot: ClientSnapshot) => void = () => undefined): ClientSnapshot {
  const snapshot = makeSnapshot();
  snapshot.settings.language = 'sv';
  change(snapshot);
  return snapshot;
}

describe('the English check itself', () => {
  const keys = Object.keys(en) as MessageKey[];
  /** A message with its parameters replaced by a neutral value, as a screen would show it. */
  const filled = (message: string): string => {
    let previous = '';
    let current = message;
    while (previous !== current) {
      previous = current;
      current = current.replace(/\{[^{}]*\}/g, ' 12 ');
    }
    return current;
  };

  it('finds no English in any Swedish catalog text', () => {
    expect(findEnglish(keys.map((key) => filled(sv[key])))).toEqual([]);
  });

  it('finds the English of nearly every message Swedish says differently', () => {
    // (a message that is all parameters, a plural, says nothing once filled in)
    const english = [...new Set(keys.filter((key) => en[key] !== sv[key]).map((key) => filled(en[key]).replace(/\s+/g, ' ').trim()))];
    const worded = english.filter((message) => /[a-z]{2}/i.test(message));
    const found = findEnglish(worded);
    expect(worded.length).toBeGreaterThan(800);
    expect(found.length / worded.length).toBeGreaterThan(0.99);
  });

  it('fails on a deliberate English string among Swedish ones, and says why', () => {
    expect(findEnglish(['Telefonen är redo', 'Phone ready', 'Samtal', 'Please try again later', 'Hang up'])).toEqual([
      { text: 'Phone ready', why: 'an English catalog text' },
      { text: 'Please try again later', why: 'the English phrase "Try again later"' },
      { text: 'Hang up', why: 'an English catalog text' },
    ]);
  });

  it('does not take data or addresses for English', () => {
    expect(findEnglish(['Ring Available Person', 'https://phone.example.com'], ['Available Person'])).toEqual([]);
  });
});

describe('the tray menu in Swedish', () => {
  it.each([
    ['ready', () => swedish()],
    ['server down', () => swedish((s) => (s.connection.status = 'offline'))],
    ['reaching the server', () => swedish((s) => (s.connection.status = 'connecting'))],
    ['registering', () => swedish((s) => (s.registration.status = 'registering'))],
    ['registration failed', () => swedish((s) => (s.registration.status = 'failed'))],
    ['not registered', () => swedish((s) => (s.registration.status = 'unregistered'))],
    [
      'a calendar profile in effect',
      () => swedish((s) => (s.profiles!.effective = { profileId: 'p-lunch', reason: 'calendar', since: null, until: null, eventTitle: null })),
    ],
    ['signed out', () => swedish((s) => (s.session = { status: 'signedOut', account: null, error: null, remembered: null }))],
  ])('has no English (%s)', (_state, snapshot) => {
    const shown = [...labels(buildTrayMenu(snapshot(), actions)), trayToolTip(snapshot())];
    expect(shown.length).toBeGreaterThan(1);
    // the built-in profiles ("Available", "Meeting") are named in Swedish
    if (snapshot().session.status === 'signedIn') expect(shown).toEqual(expect.arrayContaining(['Möte']));
    expect(findEnglish(shown, DATA)).toEqual([]);
  });

  it('would be caught in English (the check can fail)', () => {
    const english = makeSnapshot();
    english.settings.language = 'en';
    const found = findEnglish([...labels(buildTrayMenu(english, actions)), trayToolTip(english)], DATA);
    expect(found.map((finding) => finding.text)).toEqual(expect.arrayContaining(['Available · Phone ready', 'Open Softphone', 'Quit Softphone', 'Caller ID']));
  });
});

describe('OS notifications in Swedish', () => {
  let service: FakeService;
  beforeEach(() => {
    service = new FakeService();
    service.state = swedish();
    FakeNotification.created.length = 0;
  });

  const ringing = (id: string, changes: Partial<CallView>): CallView => ({
    id,
    direction: 'incoming',
    state: 'incoming',
    party: { number: '+46700000002', displayName: 'Bob Berg' },
    calledNumber: '+46850000001',
    calledType: 'landline',
    queueName: null,
    held: false,
    muted: false,
    startedAt: '2026-12-02T08:00:00.000Z',
    answeredAt: null,
    endedAt: null,
    endReason: null,
    ...changes,
  });

  it('has no English in an incoming call, a queue call or a withheld number', () => {
    const stop = announceIncomingCalls({ service, dispatch: createDispatcher(service), raiseWindow: () => undefined });
    service.emit({
      name: 'calls',
      payload: [
        ringing('c1', {}),
        ringing('c2', { queueName: 'Support' }),
        ringing('c3', { party: { number: 'anonymous', displayName: null }, calledNumber: null }),
        ringing('c4', { party: { number: '', displayName: null } }),
      ],
    });
    const shown = FakeNotification.created.flatMap(({ options }) => [
      String(options.title),
      String(options.body),
      ...(options.actions as { text: string }[]).map((action) => action.text),
    ]);
    expect(FakeNotification.created).toHaveLength(4);
    expect(shown).toEqual(expect.arrayContaining(['Inkommande samtal', 'Inkommande samtal · Support', 'Svara', 'Avvisa']));
    expect(findEnglish(shown, DATA)).toEqual([]);
    stop();
  });
});

describe('the application menu in Swedish', () => {
  it('names its own items in Swedish, and follows a change of language', () => {
    const options = { openWindow: () => undefined, quit: () => undefined, dev: true };
    expect(findEnglish(labels(appMenuTemplate('sv', options)), DATA)).toEqual([]);
    expect(labels(appMenuTemplate('sv', options))).toEqual(expect.arrayContaining(['Arkiv', 'Öppna Softphone', 'Avsluta Softphone']));
    expect(findEnglish(labels(appMenuTemplate('en', options)), DATA)).not.toEqual([]);

    const service = new FakeService();
    const stop = installAppMenu({ ...options, service });
    const installed = () => labels((electron.Menu.setApplicationMenu.mock.calls.at(-1)![0] as { template: MenuItemConstructorOptions[] }).template);
    expect(installed()).toContain('File');
    service.emit({ name: 'settings', payload: { ...service.snapshot().settings, language: 'sv' } });
    expect(installed()).toContain('Arkiv');
    stop();
  });
});
