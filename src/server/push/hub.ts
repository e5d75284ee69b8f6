/**
 * Fan-out of committed changes to connected sockets: every socket of the user, and the
 * sockets of admins watching the user's company. Each message is serialised once.
 */
import type { ServerMessage, SyncChange } from '../../shared/server-api';
import type { Text } from '../../shared/text';

export interface PushTarget {
  /** Sends one serialised message; must not throw. */
  send(text: string): void;
  /** Ends the connection (session revoked, user disabled): the client signs out. */
  end(reason: string, text: Text): void;
  /** Closes the connection with 1001 (server going away): the client reconnects later. */
  goAway(reason: string): void;
}

export interface CommittedChange {
  userId: string;
  companyId: string;
  change: SyncChange;
}

export class PushHub {
  private readonly byUser = new Map<string, Set<PushTarget>>();
  private readonly byCompany = new Map<string, Set<PushTarget>>();
  private readonly bySession = new Map<string, Set<PushTarget>>();
  /** Every signed-in socket of a company's members (colleagues' presence goes to them). */
  private readonly byMemberCompany = new Map<string, Set<PushTarget>>();

  /** Registers a signed-in socket; the returned function unregisters it. */
  addUserSocket(userId: string, sessionHash: string, target: PushTarget, companyId?: string): () => void {
    const removeUser = add(this.byUser, userId, target);
    const removeSession = add(this.bySession, sessionHash, target);
    const removeMember = companyId === undefined ? () => undefined : add(this.byMemberCompany, companyId, target);
    return () => {
      removeUser();
      removeSession();
      removeMember();
    };
  }

  /** Sends an ephemeral message to every signed-in socket of the company's users (never another company's). */
  sendToCompany(companyId: string, message: ServerMessage): number {
    const members = this.byMemberCompany.get(companyId);
    if (!members) return 0;
    const text = JSON.stringify(message);
    for (const target of members) target.send(text);
    return members.size;
  }

  /** Whether anyone of the company is connected (nothing to compute for nobody). */
  companyConnected(companyId: string): boolean {
    return this.byMemberCompany.has(companyId);
  }

  /** Closes the sockets opened with one session (that session signed out). */
  endSession(sessionHash: string, reason: string, text: Text): void {
    for (const target of [...(this.bySession.get(sessionHash) ?? [])]) target.end(reason, text);
  }

  watchCompany(companyId: string, target: PushTarget): () => void {
    return add(this.byCompany, companyId, target);
  }

  /** Sends an ephemeral note to the admins watching the company (a scheduled switch paused a queue member). */
  tellCompanyWatchers(companyId: string, message: ServerMessage): void {
    const watchers = this.byCompany.get(companyId);
    if (!watchers) return;
    const text = JSON.stringify(message);
    for (const target of watchers) target.send(text);
  }

  connectedSockets(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  publish(changes: readonly CommittedChange[]): void {
    for (const { userId, companyId, change } of changes) {
      const users = this.byUser.get(userId);
      if (users) {
        const text = JSON.stringify({ type: 'changes', userId, changes: [change] } satisfies ServerMessage);
        for (const target of users) target.send(text);
      }
      const watchers = this.byCompany.get(companyId);
      if (watchers) {
        const note = JSON.stringify({
          type: 'company-change',
          userId,
          revision: change.revision,
          reason: change.reason,
        } satisfies ServerMessage);
        for (const target of watchers) target.send(note);
      }
    }
  }

  /**
   * Sends an ephemeral message (not a revisioned change: nothing to catch up on) to every
   * socket of these users; returns how many sockets it went to.
   */
  sendToUsers(userIds: Iterable<string>, message: ServerMessage): number {
    const text = JSON.stringify(message);
    let sent = 0;
    for (const userId of userIds) {
      for (const target of this.byUser.get(userId) ?? []) {
        target.send(text);
        sent += 1;
      }
    }
    return sent;
  }

  /**
   * Closes every socket of the user as "going away": the client reconnects at once with its
   * session and is subscribed anew for what it may now see (a demoted admin no longer
   * watches the company).
   */
  reconnectUser(userId: string, reason: string): void {
    for (const target of [...(this.byUser.get(userId) ?? [])]) target.goAway(reason);
  }

  /** Closes every socket of the user (sign-out everywhere, disabling). */
  endUser(userId: string, reason: string, text: Text): void {
    for (const target of [...(this.byUser.get(userId) ?? [])]) target.end(reason, text);
  }

  /**
   * Server shutdown: closes every socket as "going away", not as a sign-out, so clients keep
   * their sessions and reconnect to the restarted server with backoff.
   */
  goAwayAll(reason: string): void {
    for (const set of [...this.byUser.values(), ...this.byCompany.values()]) for (const t of [...set]) t.goAway(reason);
  }
}

function add<K>(map: Map<K, Set<PushTarget>>, key: K, target: PushTarget): () => void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(target);
  return () => {
    const current = map.get(key);
    if (!current) return;
    current.delete(target);
    if (current.size === 0) map.delete(key);
  };
}
