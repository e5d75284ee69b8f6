import { describe, expect, it, vi } from 'vitest';
import { FakeService, settled } from './fixtures';
import { plainText, text } from '../../../src/shared/text';

const electron = await vi.hoisted(async () => (await import('./fake-electron')).createElectronMock());
vi.mock('electron', () => ({ default: electron, ...electron }));

const { callLinkFromArgv, parseCallLink } = await import('../../../src/main/shell/links');
const { askBeforeDialling, createLinkRouter, registerAsCallLinkHandler } = await import('../../../src/main/shell/link-routing');
const { createDispatcher } = await import('../../../src/main/shell/dispatch');

describe('parseCallLink', () => {
  it.each([
    ['tel:+46-8-123%2045', '+46812345'],
    ['tel:+46 (8) 123.45.67', '+4681234567'],
    ['tel:+46 (0)8 123 45 67', '+4681234567'],
    ['TEL:1002', '1002'],
    ['tel:+1-201-555-0123;ext=12', '+12015550123'],
    ['tel://*41#', '*41#'],
    ['sip:bob@example.com', 'sip:bob@example.com'],
    ['sip:Bob.Berg@Example.COM;transport=ws', 'sip:Bob.Berg@example.com'],
    ['sip:1002@pbx.example.com:5061', 'sip:1002@pbx.example.com:5061'],
    ['sip:1002', '1002'],
    ['sip:alice@[2001:db8::1]', 'sip:alice@[2001:db8::1]'],
    ['callto://1002', '1002'],
    ['callto:+46701234567', '+46701234567'],
    ['callto:bob@example.com', 'sip:bob@example.com'],
  ])('%s → %s', (link, target) => {
    expect(parseCallLink(link)).toEqual({ ok: true, target });
  });

  it.each([
    ['javascript:alert(1)', /not handled/],
    ['https://example.com', /not handled/],
    ['tel:', /no number/],
    ['tel:+46abc', /digits/],
    ['tel:%E0%A4%A', /%-escapes/],
    ['tel:123%0D%0AVia: evil', /control characters/],
    ['sip:bob@example.com?Call-Info=evil', /headers/],
    ['sip:bob@exa mple.com', /host/],
    ['sip:bob@-example.com', /host/],
    ['sip:bob@example.com:99999', /host/],
    ['sip:<script>@example.com', /user part/],
    ['sip:bob"@example.com', /user part/],
    ['tel:' + '1'.repeat(600), /longer than/],
    ['tel:' + '1'.repeat(40), /digits/],
    ['tel:١٢٣', /digits/],
    ['no scheme at all', /scheme/],
  ])('rejects %s', (link, reason) => {
    const parsed = parseCallLink(link);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('finds the link among command-line arguments, ignoring switches and paths', () => {
    expect(callLinkFromArgv(['/usr/bin/softphone', '--no-sandbox', '/work/main', 'tel:1002'])).toBe('tel:1002');
    expect(callLinkFromArgv(['/usr/bin/softphone', '--flag=tel:1002'])).toBeNull();
  });
});

describe('link routing', () => {
  const setup = () => {
    const service = new FakeService();
    const dispatch = createDispatcher(service);
    const raiseWindow = vi.fn();
    const confirm = vi.fn(async (_target: string) => true);
    const router = createLinkRouter();
    return { service, dispatch, raiseWindow, confirm, router };
  };

  it('routes a first-start link to calls.dial once the service is up', async () => {
    const { service, dispatch, raiseWindow, confirm, router } = setup();
    router.handleArgv(['/opt/Softphone/softphone', 'tel:+46-8-123%2045']);
    expect(service.execute).not.toHaveBeenCalled();
    router.connect({ dispatch, service, raiseWindow, confirm });
    await settled();
    expect(service.execute).toHaveBeenCalledWith('calls.dial', { target: '+46812345' });
    expect(raiseWindow).toHaveBeenCalled();
  });

  it('routes second-instance argv and open-url links immediately', async () => {
    const { service, dispatch, raiseWindow, confirm, router } = setup();
    router.connect({ dispatch, service, raiseWindow, confirm });
    router.handleArgv(['/opt/Softphone/softphone', '--enable-features=x', 'sip:bob@example.com']);
    router.handleLink('callto://1002');
    await settled();
    expect(service.execute.mock.calls.map((call) => call[1])).toEqual([{ target: 'sip:bob@example.com' }, { target: '1002' }]);
  });

  it('asks before dialling a link, and dials nothing when the user says no (issue 12)', async () => {
    const { service, dispatch, raiseWindow, confirm, router } = setup();
    confirm.mockResolvedValueOnce(false);
    router.connect({ dispatch, service, raiseWindow, confirm });
    router.handleLink('tel:+46812345');
    await settled();
    expect(confirm).toHaveBeenCalledWith('+46812345');
    expect(service.execute).not.toHaveBeenCalled();
    router.handleLink('tel:+46812345');
    await settled();
    expect(service.execute).toHaveBeenCalledWith('calls.dial', { target: '+46812345' });
  });

  it("asks in the user's words, over the window, with the number written for reading", async () => {
    const service = new FakeService();
    const ask = askBeforeDialling(service, () => null);
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect(await ask('+46812345678')).toBe(false);
    const options = electron.dialog.showMessageBox.mock.calls.at(-1)?.[0] as { message: string; buttons: string[]; cancelId: number };
    expect(options.message).toBe('Call +46 8 123 456 78?');
    expect(options.buttons).toEqual(['Call', 'Cancel']);
    expect(options.cancelId).toBe(1);
    expect(await ask('sip:bob@example.com')).toBe(true);
    expect((electron.dialog.showMessageBox.mock.calls.at(-1)?.[0] as { message: string }).message).toBe('Call bob@example.com?');
  });

  it('refuses a hostile link with a notice and dials nothing', () => {
    const { service, dispatch, raiseWindow, confirm, router } = setup();
    router.connect({ dispatch, service, raiseWindow, confirm });
    router.handleLink('sip:bob@example.com?Via=evil');
    expect(service.execute).not.toHaveBeenCalled();
    expect(service.notices).toEqual([{ kind: 'warning', text: text('notice.linkIgnored', { reason: 'SIP links with headers are refused' }) }]);
  });

  it('reports a dial the service refuses', async () => {
    const { service, dispatch, raiseWindow, confirm, router } = setup();
    service.execute.mockRejectedValueOnce(new Error('Sign in to make calls'));
    router.connect({ dispatch, service, raiseWindow, confirm });
    router.handleLink('tel:1002');
    await settled();
    expect(service.notices).toEqual([
      { kind: 'error', text: text('notice.linkCallFailed', { target: '1002', reason: plainText('Sign in to make calls') }) },
    ]);
  });

  it('registers the app for tel:, sip: and callto:', () => {
    registerAsCallLinkHandler();
    const schemes = electron.app.setAsDefaultProtocolClient.mock.calls.map((call) => (call as unknown[])[0]);
    expect(schemes).toEqual(['tel', 'sip', 'callto']);
  });
});
