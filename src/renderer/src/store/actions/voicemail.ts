/**
 * The user's mailbox. The list and the counts are the `voicemail` slice (the server pushes
 * every change through main), so these actions only ask; the slice updates by itself. Audio
 * comes from main as base64 and plays from a `blob:` URL (the CSP allows `media-src blob:`).
 */
import type { GreetingInfo } from '../../../../shared/server-api';
import { invoke, type InvokeOptions } from './invoke';
import { blobOf } from './recordings';

/** An object URL of the message's audio (revoke it when done), or null when it failed. */
export async function voicemailUrl(messageId: string): Promise<string | null> {
  const audio = await invoke('voicemail.audio', { messageId });
  return audio ? URL.createObjectURL(blobOf(audio)) : null;
}

export async function markHeard(messageId: string, heard: boolean): Promise<boolean> {
  return (await invoke('voicemail.heard', { messageId, heard })) !== undefined;
}

export async function deleteVoicemail(messageId: string): Promise<boolean> {
  return (await invoke('voicemail.delete', { messageId })) !== undefined;
}

/** An object URL of the greeting callers hear now (the user's own or the default one). */
export async function greetingUrl(): Promise<string | null> {
  const audio = await invoke('voicemail.greeting', null);
  return audio ? URL.createObjectURL(blobOf(audio)) : null;
}

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Saves a WAV as the user's greeting; the server checks and converts it (its refusal goes to `onError`). */
export async function saveGreeting(wav: Uint8Array, options: InvokeOptions = {}): Promise<GreetingInfo | undefined> {
  return invoke('voicemail.greeting.save', { base64: base64Of(wav) }, options);
}

export async function resetGreeting(): Promise<GreetingInfo | undefined> {
  return invoke('voicemail.greeting.reset', null);
}
