/** The notices slice: short texts for the user, newest last, capped, dismissable. */
import { randomUUID } from 'node:crypto';
import type { Notice } from '../../shared/ipc';
import type { Text } from '../../shared/text';
import type { SliceStore } from './sliceStore';

const NOTICE_LIMIT = 20;

export class Notices {
  constructor(
    private readonly slices: SliceStore,
    private readonly now: () => Date,
  ) {}

  /** Adds a notice; with a `topic`, it replaces the topic's earlier one and `resolve` ends it. */
  add(kind: Notice['kind'], text: Text, topic?: string): Notice {
    const notice: Notice = { id: randomUUID(), kind, text, at: this.now().toISOString(), ...(topic === undefined ? {} : { topic }) };
    const same = JSON.stringify(text);
    this.slices.update('notices', (list) => {
      // The same text twice in a row (a flapping link) is shown once, with the newer time.
      const rest = list.filter((n) => !(n.kind === kind && JSON.stringify(n.text) === same) && (topic === undefined || n.topic !== topic));
      return [...rest, notice].slice(-NOTICE_LIMIT);
    });
    return notice;
  }

  /** What `topic` was about is over: its notice goes away without the user dismissing it. */
  resolve(topic: string): void {
    if (!this.slices.get('notices').some((n) => n.topic === topic)) return;
    this.slices.update('notices', (list) => list.filter((n) => n.topic !== topic));
  }

  dismiss(id: string): void {
    this.slices.update('notices', (list) => list.filter((n) => n.id !== id));
  }

  clear(): void {
    this.slices.set('notices', []);
  }
}
