import { compactNumber, looksLikeNumber } from '../../../../shared/phone';
import { invoke } from './invoke';
import { useSoftphone } from '../store';

/**
 * Strips what people paste around numbers ("Tel: +46 (0)8-123 45 67") while leaving SIP
 * addresses and user names alone; the number itself is compacted by the shared phone module
 * (main makes it dialable with the user's country code).
 */
export function cleanDialInput(raw: string): string {
  const text = raw.trim().replace(/^(tel|sip|callto):/i, '').replace(/^(tel|phone|mobile|mob)\.?\s*:?\s*/i, '').trim();
  return looksLikeNumber(text) ? compactNumber(text) : text;
}

export async function dial(target: string): Promise<boolean> {
  const cleaned = cleanDialInput(target);
  if (!cleaned) return false;
  const result = await invoke('calls.dial', { target: cleaned });
  return result !== undefined;
}

/** `others`: with a call in progress (call waiting), hold it (default) or end it first. */
export const answer = (callId: string, others?: 'hold' | 'end') => invoke('calls.answer', others ? { callId, others } : { callId });
export const decline = (callId: string) => invoke('calls.decline', { callId });
export const hangUp = (callId: string) => invoke('calls.hangUp', { callId });
export const setHold = (callId: string, hold: boolean) => invoke('calls.hold', { callId, hold });
export const setMuted = (callId: string, muted: boolean) => invoke('calls.mute', { callId, muted });
export const sendDtmf = (callId: string, tones: string) => invoke('calls.dtmf', { callId, tones });
export const transferBlind = (callId: string, target: string) => invoke('calls.transferBlind', { callId, target: cleanDialInput(target) || target });
export const transferAttended = (callId: string, toCallId: string) => invoke('calls.transferAttended', { callId, toCallId });
export const clearHistory = () => invoke('history.clear', null);

export async function searchDirectory(query: string): Promise<void> {
  const trimmed = query.trim();
  if (!trimmed) {
    useSoftphone.setState((s) => ({ ui: { ...s.ui, directory: null } }));
    return;
  }
  const results = await invoke('directory.search', { query: trimmed });
  if (results) useSoftphone.setState((s) => ({ ui: { ...s.ui, directory: { query: trimmed, results } } }));
}
