/**
 * Recorded calls: the user's own (shown on their history entries) and, for admins, the
 * company's. Audio comes from main (which asks the server with the session's token) as base64
 * and is played from a `blob:` URL the page made itself (the CSP allows `media-src blob:`).
 */
import type { CompanyRecording, Recording, RecordingAudio } from '../../../../shared/server-api';
import { invoke } from './invoke';
import { useSoftphone } from '../store';

export type RecordingScope = 'own' | 'company';

export async function loadRecordings(): Promise<void> {
  const recordings = await invoke('recordings.list', null);
  if (recordings) useSoftphone.setState((s) => ({ ui: { ...s.ui, recordings } }));
}

export async function loadCompanyRecordings(): Promise<void> {
  const recordings = await invoke('admin.recordings.list', null);
  if (recordings) useSoftphone.setState((s) => ({ admin: { ...s.admin, recordings } }));
}

/** The audio main sent (base64) as a Blob the page can play. */
export function blobOf(audio: RecordingAudio): Blob {
  const binary = atob(audio.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: audio.contentType });
}

/** An object URL of the recording's audio (revoke it when done), or null when it failed. */
export async function recordingUrl(scope: RecordingScope, recordingId: string): Promise<string | null> {
  const audio = await invoke(scope === 'own' ? 'recordings.audio' : 'admin.recordings.audio', { recordingId });
  return audio ? URL.createObjectURL(blobOf(audio)) : null;
}

/** Deletes the recording; `party` is the other party as the list shows it (for the notice). */
export async function deleteRecording(scope: RecordingScope, recording: Recording | CompanyRecording, party = recording.otherParty): Promise<boolean> {
  const recordingId = recording.id;
  const done = await invoke(scope === 'own' ? 'recordings.delete' : 'admin.recordings.delete', { recordingId });
  if (!done) return false;
  useSoftphone.setState((s) =>
    scope === 'own'
      ? { ui: { ...s.ui, recordings: (s.ui.recordings ?? []).filter((r) => r.id !== recordingId) } }
      : {
          admin: {
            ...s.admin,
            recordings: (s.admin.recordings ?? []).filter((r) => r.id !== recordingId),
            status: { key: 'recording.deleted', params: { party } },
          },
        },
  );
  return true;
}
