import { useSoftphone } from '../store';
import type { View } from '../slices';

export function showView(view: View): void {
  useSoftphone.setState((s) => ({ ui: { ...s.ui, view } }));
}
