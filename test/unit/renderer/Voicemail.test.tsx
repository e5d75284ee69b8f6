// @vitest-environment jsdom
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mailbox, VoicemailMessage } from '../../../src/shared/server-api';
import { Shell } from '../../../src/renderer/src/components/Shell';
import { VoicemailView } from '../../../src/renderer/src/components/voicemail/VoicemailView';
import { GreetingSettings } from '../../../src/renderer/src/components/voicemail/GreetingSettings';
import { encodeWav, looksLikeWav } from '../../../src/renderer/src/audio/wav';
import { useSoftphone } from '../../../src/renderer/src/store/store';
import { fakeSoftphone, showInLanguage } from './dom';

const message = (id: string, heard: boolean, callerNumber = '+46701234567', callerName: string | null = 'Kim Svensson'): VoicemailMessage => ({
  id,
  callerNumber,
  callerName,
  calledNumber: '+46855501001',
  receivedAt: '2026-03-02T10:00:00.000Z',
  durationSeconds: 75,
  heard,
});
const mailboxOf = (messages: VoicemailMessage[], custom = false): Mailbox => ({
  messages,
  newCount: messages.filter((m) => !m.heard).length,
  heardCount: messages.filter((m) => m.heard).length,
  greeting: custom ? { custom: true, durationSeconds: 4, updatedAt: '2026-03-01T09:00:00.000Z' } : { custom: false, durationSeconds: 5.6, updatedAt: null },
});
const audio = { contentType: 'audio/wav', base64: Buffer.from('RIFF....WAVE').toString('base64') };

const made: Blob[] = [];
beforeEach(() => {
  made.length = 0;
  URL.createObjectURL = vi.fn((blob: Blob) => {
    made.push(blob);
    return `blob:audio-${made.length}`;
  });
  URL.revokeObjectURL = vi.fn();
});

describe('the Voicemail view', () => {
  it('lists messages newest first with caller, time and length, new ones marked; the counts follow the pushed mailbox', async () => {
    fakeSoftphone({});
    useSoftphone.setState({ voicemail: mailboxOf([message('vm-2', false), message('vm-1', true, 'anonymous', null)]) });
    render(<VoicemailView />);
    const rows = screen.getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]!.textContent).toContain('Kim Svensson (070-123 45 67)');
    // the number the caller dialled, formatted for reading too (issue 14)
    expect(rows[1]!.textContent).toContain('→ 08-555 010 01');
    expect(rows[1]!.textContent).not.toContain('+46');
    expect(rows[1]!.textContent).toContain('1:15');
    expect(within(rows[1]!).getByText('New')).toBeTruthy();
    expect(within(rows[2]!).queryByText('New')).toBeNull();
    // An anonymous caller cannot be called back.
    expect(within(rows[2]!).queryByRole('button', { name: /Call back/ })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('1 new, 1 heard');

    act(() => useSoftphone.setState({ voicemail: mailboxOf([message('vm-2', true), message('vm-1', true, 'anonymous', null)]) }));
    expect(screen.getByRole('status').textContent).toBe('0 new, 2 heard');
    expect(screen.queryByText('New')).toBeNull();
  });

  it('says when there is nothing, and when the mailbox is not known yet; in Swedish too', () => {
    fakeSoftphone({});
    const { rerender } = render(<VoicemailView />);
    expect(screen.getByText(/Your mailbox shows here when the phone is connected/)).toBeTruthy();
    act(() => useSoftphone.setState({ voicemail: mailboxOf([]) }));
    rerender(<VoicemailView />);
    expect(screen.getByText('No voicemail messages.')).toBeTruthy();
    act(() => {
      showInLanguage('sv');
      useSoftphone.setState({ voicemail: mailboxOf([message('vm-2', false)]) });
    });
    expect(screen.getByRole('heading', { name: 'Röstbrevlåda' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('1 nytt, 0 avlyssnade');
    expect(screen.getByRole('button', { name: 'Markera som avlyssnat: Kim Svensson (070-123 45 67)' })).toBeTruthy();
  });

  it('plays a message, marks it heard when played through (not before), toggles heard, calls back and deletes after asking', async () => {
    const user = userEvent.setup();
    const api = fakeSoftphone({
      'voicemail.audio': () => audio,
      'voicemail.heard': ({ messageId, heard }) => ({ ...message(messageId, heard) }),
      'voicemail.delete': () => ({ ok: true }),
      'calls.dial': () => ({ callId: 'c-1' }),
    });
    useSoftphone.setState({ voicemail: mailboxOf([message('vm-2', false)]) });
    render(<VoicemailView />);
    const caller = 'Kim Svensson (070-123 45 67)';

    await user.click(screen.getByRole('button', { name: `Play: ${caller}` }));
    const player = await screen.findByLabelText(`Voicemail from ${caller}`);
    expect(player.getAttribute('src')).toBe('blob:audio-1');
    expect(api.argsOf('voicemail.audio')).toEqual([{ messageId: 'vm-2' }]);
    expect(made[0]?.type).toBe('audio/wav');
    expect(api.argsOf('voicemail.heard')).toEqual([]);
    fireEvent.ended(player);
    await waitFor(() => expect(api.argsOf('voicemail.heard')).toEqual([{ messageId: 'vm-2', heard: true }]));

    // The server's push says it is heard: the button now offers "new" again.
    act(() => useSoftphone.setState({ voicemail: mailboxOf([message('vm-2', true)]) }));
    await user.click(screen.getByRole('button', { name: `Mark as new: ${caller}` }));
    expect(api.argsOf('voicemail.heard').at(-1)).toEqual({ messageId: 'vm-2', heard: false });

    await user.click(screen.getByRole('button', { name: 'Call back Kim Svensson' }));
    expect(api.argsOf('calls.dial')).toEqual([{ target: '+46701234567' }]);

    await user.click(screen.getByRole('button', { name: `Delete: ${caller}` }));
    expect(api.argsOf('voicemail.delete')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Delete for good' }));
    await waitFor(() => expect(api.argsOf('voicemail.delete')).toEqual([{ messageId: 'vm-2' }]));
  });

  it('shows the number of new messages as a badge on the Voicemail tab', async () => {
    fakeSoftphone({});
    useSoftphone.setState((s) => ({ voicemail: mailboxOf([message('vm-3', false), message('vm-2', false), message('vm-1', true)]), ui: { ...s.ui, ready: true } }));
    render(<Shell />);
    const tab = screen.getByRole('tab', { name: /Voicemail/ });
    expect(within(tab).getByText('2')).toBeTruthy();
    act(() => useSoftphone.setState({ voicemail: mailboxOf([message('vm-1', true)]) }));
    expect(within(screen.getByRole('tab', { name: /Voicemail/ })).queryByText(/\d/)).toBeNull();
    await userEvent.setup().click(screen.getByRole('tab', { name: /Voicemail/ }));
    expect(screen.getByRole('heading', { name: 'Voicemail' })).toBeTruthy();
  });
});

describe('the greeting in settings', () => {
  it('says which greeting callers hear, plays it, and goes back to the default after asking', async () => {
    const user = userEvent.setup();
    const api = fakeSoftphone({
      'voicemail.greeting': () => audio,
      'voicemail.greeting.reset': () => ({ custom: false, durationSeconds: 5.6, updatedAt: null }),
    });
    useSoftphone.setState({ voicemail: mailboxOf([], true) });
    render(<GreetingSettings />);
    expect(screen.getByText(/Callers hear your own greeting \(0:04\)/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /Listen/ }));
    expect((await screen.findByLabelText('The greeting callers hear')).getAttribute('src')).toBe('blob:audio-1');

    await user.click(screen.getByRole('button', { name: 'Use the standard greeting' }));
    expect(api.argsOf('voicemail.greeting.reset')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Delete my greeting' }));
    await waitFor(() => expect(api.argsOf('voicemail.greeting.reset')).toEqual([null]));
    expect(await screen.findByText('Callers now hear the standard greeting.')).toBeTruthy();
    act(() => useSoftphone.setState({ voicemail: mailboxOf([]) }));
    expect(screen.getByText(/Callers hear the standard greeting \(0:05\)/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Use the standard greeting' })).toBeNull();
  });

  it('refuses a chosen file that is not WAV before sending anything', async () => {
    const user = userEvent.setup({ applyAccept: false });
    const api = fakeSoftphone({});
    useSoftphone.setState({ voicemail: mailboxOf([]) });
    render(<GreetingSettings />);
    const input = screen.getByLabelText('Upload a WAV file', { selector: 'input' });
    await user.upload(input, new File(['ID3 not a wav at all'], 'song.mp3', { type: 'audio/mpeg' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The greeting is not a WAV file. Choose a .wav sound file.');
    expect(api.invoked).toEqual([]);
  });
});

describe('greeting WAV files in the page', () => {
  it('writes 16-bit mono PCM that reads back as a WAV of the right length', () => {
    const samples = new Float32Array(16_000).map((_, i) => Math.sin(i / 10) * 0.5);
    const wav = encodeWav(samples, 16_000);
    expect(looksLikeWav(wav)).toBe(true);
    const view = new DataView(wav.buffer);
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(16_000);
    expect(view.getUint32(40, true)).toBe(32_000);
    expect(wav.length).toBe(44 + 32_000);
    expect(view.getInt16(44 + 2 * 15, true)).toBe(Math.round(Math.sin(1.5) * 0.5 * 32767));
    expect(looksLikeWav(new TextEncoder().encode('ID3 not a wav'))).toBe(false);
  });
});
