/** The notices slice: short messages for the user, newest last, capped, dismissable. */
import { randomUUID } from 'node:crypto';
import type { Notice } from '../../shared/ipc';
import type { SliceStore } from './sliceStore';

export const NOTICE_LIMIT = 20;

export class Notices {
  constructor(
    private readonly slices: SliceStore,
    private readonly now: () => Date,
  ) {}

  add(kind: Notice['kind'], message: string): Notice {
    const notice: Notice = {
      id: randomUUID(),
      kind,
      message: message.slice(0, 500),
      at: this.now().toISOString(),
    };
    this.slices.update('notices', (list) => {
      // The same message twice in a row (a flapping link) is shown once, with the newer time.
      const rest = list.filter((n) => !(n.kind === kind && n.message === notice.message));
      return [...rest, notice].slice(-NOTICE_LIMIT);
    });
    return notice;
  }

  dismiss(id: string): void {
    this.slices.update('notices', (list) => list.filter((n) => n.id !== id));
  }

  clear(): void {
    this.slices.set('notices', []);
  }
}
