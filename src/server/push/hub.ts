/**
 * Fan-out of committed changes and ephemeral messages to connected sockets: every socket of
 * the user, and the sockets of admins watching the user's company. Each message is serialised
 * once.
 *
 * With several instances on one PostgreSQL database (push/bus.ts), every operation that targets
 * users, companies or sessions is delivered to this instance's sockets at once and sent over
 * the bus to the other instances, which deliver it to theirs. A committed change travels whole
 * when it fits a notification, else as a pointer {userId, revision}; either way each socket
 * sends its user's changes in revision order with no gap and no double (a gap, or a pointer, makes
 * it read the change log from its last sent revision: `PushTarget.change`). `here` delivers to
 * this instance's sockets only (presence is computed per instance), and `toOthers`/`onOthers`
 * carry the events other instances need to do their own part (services/cluster-events.ts).
 * Without a bus (SQLite: one instance) everything stays in the process.
 */
import type { ServerMessage, SyncChange } from '../../shared/server-api';
import type { Text } from '../../shared/text';
import type { Bus, BusPayload } from './bus';

export interface PushTarget {
  /** Sends one serialised message; must not throw. */
  send(text: string): void;
  /**
   * A committed change of the socket's user, in whatever order they come: `text` is the
   * serialised `changes` message, or null when only its revision is known (read it from the
   * change log). Targets without it are sent the text.
   */
  change?(revision: number, text: string | null): void;
  /** Messages may have been missed (the bus was interrupted): check the session, catch up. */
  resync?(): void;
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

/** What other instances must do for their own part (presence, the calls in progress). */
export type ClusterEvent =
  /** Users to recompute; `companyIds` (theirs, when known) spare an instance with none of them connected the work. */
  | { type: 'presence'; userIds: string[]; companyIds?: string[] }
  | { type: 'presence-rescoped'; companyId: string }
  | { type: 'dialog'; callId: string; state: 'start' | 'end' | 'reset'; userIds: string[]; pbx?: string };

/** Delivery to this instance's sockets only. */
export interface LocalDelivery {
  sendToUsers(userIds: Iterable<string>, message: ServerMessage): number;
  sendToCompany(companyId: string, message: ServerMessage): number;
  tellCompanyWatchers(companyId: string, message: ServerMessage): void;
}

/** Long reasons (a template's name) are cut for the watchers' note of a change sent as a pointer. */
const MAX_REASON = 200;

type Wire =
  | { k: 'change'; u: string; c: string; r: number; reason: string; m?: string }
  | { k: 'users'; u: string[]; m: ServerMessage }
  | { k: 'company'; c: string; m: ServerMessage }
  | { k: 'watchers'; c: string; m: ServerMessage }
  | { k: 'end-user'; u: string; reason: string; text: Text }
  | { k: 'end-session'; s: string; reason: string; text: Text }
  | { k: 'reconnect-user'; u: string; reason: string }
  | { k: 'event'; e: ClusterEvent };

export class PushHub {
  private readonly byUser = new Map<string, Set<PushTarget>>();
  private readonly byCompany = new Map<string, Set<PushTarget>>();
  private readonly bySession = new Map<string, Set<PushTarget>>();
  /** Every signed-in socket of a company's members (colleagues' presence goes to them). */
  private readonly byMemberCompany = new Map<string, Set<PushTarget>>();
  private readonly eventHandlers: ((event: ClusterEvent) => void)[] = [];
  private readonly restoredHandlers: (() => void)[] = [];

  /** This instance's sockets only. */
  readonly here: LocalDelivery = {
    sendToUsers: (userIds, message) => this.localToUsers(userIds, JSON.stringify(message)),
    sendToCompany: (companyId, message) => this.localToCompany(companyId, JSON.stringify(message)),
    tellCompanyWatchers: (companyId, message) => this.localToWatchers(companyId, JSON.stringify(message)),
  };

  constructor(private readonly bus: Bus | null = null) {
    bus?.onMessage((payload) => this.receive(payload as Wire));
    bus?.onRestored(() => {
      for (const set of this.byUser.values()) for (const target of [...set]) target.resync?.();
      for (const handler of this.restoredHandlers) handler();
    });
  }

  /** Whether other instances share the database (a bus connects them). */
  get clustered(): boolean {
    return this.bus !== null;
  }

  private toBus(wire: Wire): void {
    this.bus?.send(wire as unknown as BusPayload);
  }

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
    this.toBus({ k: 'company', c: companyId, m: message });
    return this.here.sendToCompany(companyId, message);
  }

  /** Whether anyone of the company is connected to this instance (nothing to compute for nobody). */
  companyConnected(companyId: string): boolean {
    return this.byMemberCompany.has(companyId);
  }

  /** Companies with members connected to this instance. */
  connectedCompanies(): string[] {
    return [...this.byMemberCompany.keys()];
  }

  /** Closes the sockets opened with one session (that session signed out). */
  endSession(sessionHash: string, reason: string, text: Text): void {
    this.toBus({ k: 'end-session', s: sessionHash, reason, text });
    this.localEndSession(sessionHash, reason, text);
  }

  watchCompany(companyId: string, target: PushTarget): () => void {
    return add(this.byCompany, companyId, target);
  }

  /** Sends an ephemeral note to the admins watching the company (a scheduled switch paused a queue member). */
  tellCompanyWatchers(companyId: string, message: ServerMessage): void {
    this.toBus({ k: 'watchers', c: companyId, m: message });
    this.here.tellCompanyWatchers(companyId, message);
  }

  /** This instance's signed-in sockets. */
  connectedSockets(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  publish(changes: readonly CommittedChange[]): void {
    for (const { userId, companyId, change } of changes) {
      const text = JSON.stringify({ type: 'changes', userId, changes: [change] } satisfies ServerMessage);
      if (this.bus) {
        const whole = Buffer.byteLength(text) <= this.bus.inlineChangeBytes;
        this.toBus({ k: 'change', u: userId, c: companyId, r: change.revision, reason: whole ? change.reason : change.reason.slice(0, MAX_REASON), ...(whole ? { m: text } : {}) });
      }
      this.localChange(userId, companyId, change.revision, change.reason, text);
    }
  }

  /**
   * Sends an ephemeral message (not a revisioned change: nothing to catch up on) to every
   * socket of these users; returns how many sockets of this instance it went to.
   */
  sendToUsers(userIds: Iterable<string>, message: ServerMessage): number {
    const ids = [...userIds];
    if (ids.length > 0) this.toBus({ k: 'users', u: ids, m: message });
    return this.here.sendToUsers(ids, message);
  }

  /**
   * Closes every socket of the user as "going away": the client reconnects at once with its
   * session and is subscribed anew for what it may now see (a demoted admin no longer
   * watches the company).
   */
  reconnectUser(userId: string, reason: string): void {
    this.toBus({ k: 'reconnect-user', u: userId, reason });
    this.localReconnectUser(userId, reason);
  }

  /** Closes every socket of the user (sign-out everywhere, disabling). */
  endUser(userId: string, reason: string, text: Text): void {
    this.toBus({ k: 'end-user', u: userId, reason, text });
    this.localEndUser(userId, reason, text);
  }

  /**
   * Server shutdown: closes this instance's sockets as "going away", not as a sign-out, so
   * clients keep their sessions and reconnect (to the restarted server or another instance).
   */
  goAwayAll(reason: string): void {
    for (const set of [...this.byUser.values(), ...this.byCompany.values()]) for (const t of [...set]) t.goAway(reason);
  }

  /** Sends an event to the other instances (none without a bus). */
  toOthers(event: ClusterEvent): void {
    this.toBus({ k: 'event', e: event });
  }

  /** Handles the events other instances send. */
  onOthers(handler: (event: ClusterEvent) => void): void {
    this.eventHandlers.push(handler);
  }

  /** Runs after the bus came back from an interruption (after every socket was told to resync). */
  onRestored(handler: () => void): void {
    this.restoredHandlers.push(handler);
  }

  // Delivery to this instance's sockets.

  private receive(wire: Wire): void {
    switch (wire.k) {
      case 'change':
        return this.localChange(wire.u, wire.c, wire.r, wire.reason, wire.m ?? null);
      case 'users':
        this.here.sendToUsers(wire.u, wire.m);
        return;
      case 'company':
        this.here.sendToCompany(wire.c, wire.m);
        return;
      case 'watchers':
        return this.here.tellCompanyWatchers(wire.c, wire.m);
      case 'end-user':
        return this.localEndUser(wire.u, wire.reason, wire.text);
      case 'end-session':
        return this.localEndSession(wire.s, wire.reason, wire.text);
      case 'reconnect-user':
        return this.localReconnectUser(wire.u, wire.reason);
      case 'event':
        for (const handler of this.eventHandlers) handler(wire.e);
        return;
    }
  }

  private localChange(userId: string, companyId: string, revision: number, reason: string, text: string | null): void {
    for (const target of this.byUser.get(userId) ?? []) {
      if (target.change) target.change(revision, text);
      else if (text !== null) target.send(text);
    }
    const watchers = this.byCompany.get(companyId);
    if (watchers) {
      const note = JSON.stringify({ type: 'company-change', userId, revision, reason } satisfies ServerMessage);
      for (const target of watchers) target.send(note);
    }
  }

  private localToUsers(userIds: Iterable<string>, text: string): number {
    let sent = 0;
    for (const userId of userIds) {
      for (const target of this.byUser.get(userId) ?? []) {
        target.send(text);
        sent += 1;
      }
    }
    return sent;
  }

  private localToCompany(companyId: string, text: string): number {
    const members = this.byMemberCompany.get(companyId);
    if (!members) return 0;
    for (const target of members) target.send(text);
    return members.size;
  }

  private localToWatchers(companyId: string, text: string): void {
    for (const target of this.byCompany.get(companyId) ?? []) target.send(text);
  }

  private localEndSession(sessionHash: string, reason: string, text: Text): void {
    for (const target of [...(this.bySession.get(sessionHash) ?? [])]) target.end(reason, text);
  }

  private localEndUser(userId: string, reason: string, text: Text): void {
    for (const target of [...(this.byUser.get(userId) ?? [])]) target.end(reason, text);
  }

  private localReconnectUser(userId: string, reason: string): void {
    for (const target of [...(this.byUser.get(userId) ?? [])]) target.goAway(reason);
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
