// @vitest-environment jsdom
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryEntry } from '../../../src/shared/ipc';
import type { Company } from '../../../src/shared/model';
import type { CompanyRecording, Recording } from '../../../src/shared/server-api';
import { HistoryView } from '../../../src/renderer/src/components/history/HistoryView';
import { RecordingsPanel } from '../../../src/renderer/src/components/admin/RecordingsPanel';
import { CompanyPanel } from '../../../src/renderer/src/components/admin/CompanyPanel';
import { useSoftphone } from '../../../src/renderer/src/store/store';
import { fakeSoftphone, showInLanguage } from './dom';

const entry = (id: string, sipCallId: string | null, number: string): HistoryEntry => ({
  id,
  direction: 'incoming',
  party: { number, displayName: null },
  calledNumber: null,
  startedAt: '2026-03-02T10:00:00.000Z',
  answeredAt: '2026-03-02T10:00:05.000Z',
  endedAt: '2026-03-02T10:01:05.000Z',
  outcome: 'answered',
  forwardedTo: null,
  reason: null,
  sipCallId,
});

const recording: Recording = {
  id: 'r-1',
  sipCallId: 'call-recorded',
  direction: 'incoming',
  otherParty: '+46855501002',
  startedAt: '2026-03-02T10:00:05.000Z',
  durationSeconds: 60,
  sizeBytes: 960_044,
  contentType: 'audio/wav',
};
const audio = { contentType: 'audio/wav', base64: Buffer.from('RIFF....WAVE').toString('base64') };

const company: Company = {
  id: 'acme',
  name: 'Acme',
  mainNumber: null,
  settings: { customFieldLabels: [null, null, null], registration: 'open', registrationRole: 'guest', invitationRole: 'user', requireConfirmation: true, recordingRetentionDays: 90 },
};

const made: Blob[] = [];
beforeEach(() => {
  made.length = 0;
  // jsdom has no object URLs: record what the page would play.
  URL.createObjectURL = vi.fn((blob: Blob) => {
    made.push(blob);
    return `blob:recording-${made.length}`;
  });
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('recordings in the call history', () => {
  it('marks the recorded call, plays it from a blob of the bytes main fetched, and deletes it after asking', async () => {
    const user = userEvent.setup();
    const api = fakeSoftphone({
      'recordings.list': () => [recording],
      'recordings.audio': () => audio,
      'recordings.delete': () => ({ ok: true }),
      'history.clear': () => ({ ok: true }),
    });
    useSoftphone.setState({ history: [entry('h-1', 'call-recorded', '+46855501002'), entry('h-2', 'call-plain', '+46855501003')] });
    render(<HistoryView />);

    const rows = await screen.findAllByRole('row');
    await waitFor(() => expect(within(rows[1]!).getByText('Recorded')).toBeTruthy());
    expect(within(rows[2]!).queryByText('Recorded')).toBeNull();
    expect(within(rows[2]!).queryByRole('button', { name: /Play recording/ })).toBeNull();

    // the number as people read it in the user's country (issue 14)
    await user.click(within(rows[1]!).getByRole('button', { name: 'Play recording: 08-555 010 02' }));
    const player = await screen.findByLabelText('Recording of the call with 08-555 010 02');
    expect(player.getAttribute('src')).toBe('blob:recording-1');
    expect(api.argsOf('recordings.audio')).toEqual([{ recordingId: 'r-1' }]);
    expect(made[0]?.type).toBe('audio/wav');
    expect(Buffer.from(await made[0]!.arrayBuffer()).toString()).toBe('RIFF....WAVE');

    await user.click(within(rows[1]!).getByRole('button', { name: 'Delete recording: 08-555 010 02' }));
    expect(api.argsOf('recordings.delete')).toEqual([]);
    await user.click(within(rows[1]!).getByRole('button', { name: 'Delete for good' }));
    await waitFor(() => expect(api.argsOf('recordings.delete')).toEqual([{ recordingId: 'r-1' }]));
    await waitFor(() => expect(screen.queryByText('Recorded')).toBeNull());
    // The player's blob URL is let go with it.
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:recording-1');
  });

  it('looks for the recording again a moment after a new call ends', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let listed = 0;
    fakeSoftphone({ 'recordings.list': () => (++listed >= 3 ? [recording] : []) });
    useSoftphone.setState({ history: [entry('h-2', 'call-plain', '+46855501003')] });
    render(<HistoryView />);
    await waitFor(() => expect(listed).toBe(1));
    // A call ends (a new newest entry): asked at once, and once more after the recording settled.
    act(() => useSoftphone.setState({ history: [entry('h-1', 'call-recorded', '+46855501002'), entry('h-2', 'call-plain', '+46855501003')] }));
    await waitFor(() => expect(listed).toBe(2));
    expect(screen.queryByText('Recorded')).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(4500));
    expect(listed).toBe(3);
    await waitFor(() => expect(screen.getByText('Recorded')).toBeTruthy());
  });
});

describe('the admin recordings list', () => {
  const companyRecording: CompanyRecording = { ...recording, userId: 'u-alice', userName: 'alice', userDisplayName: 'Alice Andersson' };

  it("lists the company's recordings with user, other party, time and length; plays and deletes", async () => {
    const user = userEvent.setup();
    const api = fakeSoftphone({
      'admin.recordings.list': () => [companyRecording, { ...companyRecording, id: 'r-2', direction: 'outgoing', otherParty: '1003', durationSeconds: 3725 }],
      'admin.recordings.audio': () => audio,
      'admin.recordings.delete': () => ({ ok: true }),
    });
    useSoftphone.setState((s) => ({ admin: { ...s.admin, company } }));
    render(<RecordingsPanel />);
    const rows = await screen.findAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText('Alice Andersson')).toBeTruthy();
    expect(within(rows[1]!).getByText('08-555 010 02')).toBeTruthy();
    expect(within(rows[1]!).queryByText('+46855501002')).toBeNull();
    expect(within(rows[1]!).getByText('1:00')).toBeTruthy();
    expect(within(rows[2]!).getByText('1:02:05')).toBeTruthy();
    expect(within(rows[2]!).getByLabelText('Outgoing')).toBeTruthy();
    expect(screen.getByText('Recordings are deleted after 90 days (company settings).')).toBeTruthy();

    await user.click(within(rows[2]!).getByRole('button', { name: 'Play recording: 1003' }));
    expect(await screen.findByLabelText('Recording of the call with 1003')).toBeTruthy();
    expect(api.argsOf('admin.recordings.audio')).toEqual([{ recordingId: 'r-2' }]);

    await user.click(within(rows[1]!).getByRole('button', { name: 'Delete recording: 08-555 010 02' }));
    await user.click(within(rows[1]!).getByRole('button', { name: 'Delete for good' }));
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    expect(api.argsOf('admin.recordings.delete')).toEqual([{ recordingId: 'r-1' }]);
    expect(useSoftphone.getState().admin.status).toEqual({ key: 'recording.deleted', params: { party: '08-555 010 02' } });
  });

  it('says so in Swedish when there are none', async () => {
    showInLanguage('sv');
    fakeSoftphone({ 'admin.recordings.list': () => [] });
    render(<RecordingsPanel />);
    expect(await screen.findByText('Inga inspelade samtal.')).toBeTruthy();
  });

  it('edits the retention in the company settings', async () => {
    const user = userEvent.setup();
    const api = fakeSoftphone({
      'admin.company.update': (changes) => ({ ...company.settings, ...changes }),
      'admin.company.get': () => ({ name: company.name, mainNumber: null, settings: { ...company.settings, recordingRetentionDays: 30 } }),
    });
    useSoftphone.setState((s) => ({ admin: { ...s.admin, company } }));
    render(<CompanyPanel />);
    const days = screen.getByRole('spinbutton', { name: 'Keep call recordings for (days)' });
    await user.clear(days);
    await user.type(days, '30');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.argsOf('admin.company.update')).toEqual([expect.objectContaining({ recordingRetentionDays: 30 })]));
  });
});
