import { create } from 'zustand';
import { initialState, type SoftphoneState } from './slices';

/**
 * The one store. It holds data only: every change comes from `connect.ts` (main's snapshot and
 * events) or from the module-level actions in `actions/`, never from components.
 */
export const useSoftphone = create<SoftphoneState>()(() => initialState());

/** Back to a fresh state (sign-out of the harness, tests). */
export function resetStore(): void {
  useSoftphone.setState(initialState(), true);
}
