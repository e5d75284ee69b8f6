/**
 * A sync client as the softphone keeps one, for the cluster test (test/cluster/): it follows
 * one user's changes over the sync socket through the balancer and records which instance
 * served each of its sockets, every change it got and any gap in the revisions.
 */
import WebSocket from 'ws';
import { delay } from '../../scripts/pbx/processGroup';
import type { UserSnapshot } from '../../src/shared/model';
import type { ServerMessage, SyncChange } from '../../src/shared/server-api';

/**
 * A sync client as the softphone keeps one: it holds the last revision and manual choice, and
 * when its socket drops it reconnects through the balancer and resumes from that revision.
 */
export class ClusterClient {
  revision = -1;
  manualProfileId: string | null = null;
  /** Instances this client's sockets were served by, in order. */
  readonly instances: string[] = [];
  readonly userIds = new Set<string>();
  readonly reasons: string[] = [];
  /** Revisions that arrived out of order or with a gap (should stay empty). */
  readonly gaps: string[] = [];
  /** Each reconnect's catch-up: the revision it resumed from, the revisions it got. */
  readonly resumes: { from: number; revisions: number[]; snapshot?: number }[] = [];
  private resumingFrom: number | null = null;
  private socket: WebSocket | null = null;
  private closing = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly wsUrl: string,
    private readonly token: string,
  ) {}

  get instance(): string | undefined {
    return this.instances.at(-1);
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.wsUrl);
      this.socket = socket;
      let synced = false;
      socket.on('upgrade', (response) => this.instances.push(String(response.headers['x-profile-instance'] ?? '?')));
      socket.on('open', () => {
        this.resumingFrom = this.revision >= 0 ? this.revision : null;
        socket.send(JSON.stringify({ type: 'hello', token: this.token, ...(this.revision >= 0 ? { resumeFrom: this.revision } : {}) }));
      });
      socket.on('message', (data) => {
        this.receive(JSON.parse(String(data)) as ServerMessage);
        if (!synced) {
          synced = true;
          resolve();
        }
      });
      socket.on('error', (error) => {
        if (!synced) reject(error);
      });
      socket.on('close', () => {
        if (!synced) reject(new Error('closed before sync'));
        else if (!this.closing) void this.reconnect();
      });
    });
  }

  private async reconnect(): Promise<void> {
    for (let attempt = 0; !this.closing; attempt++) {
      try {
        await this.connect();
        return;
      } catch (error) {
        if (process.env.CLUSTER_DEBUG) console.log('reconnect failed', (error as Error).message);
        await delay(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)));
      }
    }
  }

  private receive(message: ServerMessage): void {
    if (message.type === 'snapshot') {
      const snapshot = message.snapshot as UserSnapshot;
      if (this.resumingFrom !== null) {
        // far behind (more changes than the server replays): a fresh snapshot instead
        this.resumes.push({ from: this.resumingFrom, revisions: [], snapshot: snapshot.revision });
        this.resumingFrom = null;
      }
      this.userIds.add(snapshot.userId);
      this.revision = snapshot.revision;
      this.manualProfileId = snapshot.manualChoice?.profileId ?? null;
    } else if (message.type === 'changes') {
      this.userIds.add(message.userId);
      if (this.resumingFrom !== null) {
        this.resumes.push({ from: this.resumingFrom, revisions: message.changes.map((c) => c.revision) });
        this.resumingFrom = null;
      }
      for (const change of message.changes as SyncChange[]) {
        if (change.revision <= this.revision) continue; // already held (a catch-up overlapping a push)
        if (change.revision !== this.revision + 1) this.gaps.push(`${this.revision} → ${change.revision}`);
        this.revision = change.revision;
        this.reasons.push(change.reason);
        if ('manualChoice' in change.patch) this.manualProfileId = change.patch.manualChoice?.profileId ?? null;
      }
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Waits until `test` holds (checked after every message). */
  async until(test: () => boolean, timeoutMs = 45_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`client state not reached within ${timeoutMs} ms (revision ${this.revision}, instances ${this.instances.join(',')}, resumes ${JSON.stringify(this.resumes)}, ${this.reasons.length} changes)`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  /** Drops the connection as a network failure would (the client then reconnects and resumes). */
  drop(): void {
    this.socket?.terminate();
  }

  async close(): Promise<void> {
    this.closing = true;
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close();
    });
  }
}
