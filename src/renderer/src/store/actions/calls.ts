import { invoke } from './invoke';
import { useSoftphone } from '../store';

/**
 * Strips what people paste around numbers ("Tel: +46 (0)8-123 45 67") while leaving SIP
 * addresses and user names alone. `(0)` after a country code is the national trunk prefix
 * that must not be dialled internationally.
 */
export function cleanDialInput(raw: string): string {
  const text = raw.trim().replace(/^(tel|sip|callto):/i, '').replace(/^(tel|phone|mobile|mob)\.?\s*:?\s*/i, '');
  if (/[a-z@]/i.test(text.replace(/^\+/, '').replace(/[\s().\-/]/g, '').replace(/[*#]/g, ''))) return text.trim();
  const withoutTrunk = text.replace(/^(\+\d{1,3})\s*\(0\)/, '$1');
  const kept = withoutTrunk.replace(/[^\d+*#]/g, '');
  return kept.startsWith('+') ? '+' + kept.slice(1).replace(/\+/g, '') : kept.replace(/\+/g, '');
}

export async function dial(target: string): Promise<boolean> {
  const cleaned = cleanDialInput(target);
  if (!cleaned) return false;
  const result = await invoke('calls.dial', { target: cleaned });
  return result !== undefined;
}

export const answer = (callId: string) => invoke('calls.answer', { callId });
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
