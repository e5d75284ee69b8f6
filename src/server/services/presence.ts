/**
 * Colleagues' availability, live (issue 14; seed 001 "to show your colleagues if you are
 * available"). Every member of a company sees each enabled colleague's profile in effect,
 * whether it is an available one and until when, and whether they are in a call.
 *
 * - After a sync socket's hello the whole company is sent (`complete`).
 * - A committed change to a user (`writeWithChanges`: profile switch, edits, calendar, admin
 *   edits) and the PBX's dialog reports (answered / ended / reset) recompute those users; what
 *   differs from what was last sent goes to the company's sockets only (`PushHub.sendToCompany`).
 * - A profile that ends by itself (a timed choice, a calendar event) is recomputed by a timer per
 *   company armed for the earliest such end; when that changes who is paused in a queue, the
 *   admins watching the company get a `company-change` note (reason `schedule …`), as for a
 *   manual switch.
 *
 * - Each member sees only the colleagues their directory scope shows (issue 13, sites: the whole
 *   company, their own site, or nobody); a change of sites or scopes sends everyone their list anew.
 *
 * State is in memory per server context (last sent per user, the timers); nothing is stored.
 * With several instances (push/bus.ts) each computes presence for its own sockets
 * (`ctx.hub.here`): a change on one instance tells the others which users to recompute
 * (`presence` event), and each runs its own timers.
 */
import type { Colleague, ServerMessage } from '../../shared/server-api';
import type { UserRecord } from '../db/store';
import type { ServerContext } from './context';
import { effectiveFor, effectiveForUsers } from './effective';
import { queueStatuses } from '../../shared/rules/queues';
import { inDirectoryScope } from '../../shared/model/sites';

interface CompanyState {
  /** User id → the colleague as last sent (JSON), for sending only real changes. */
  sent: Map<string, string>;
  timer: ReturnType<typeof setTimeout> | null;
  timerAt: number | null;
  /** Bumped by every recompute, change of scope or timer of the company's users. */
  generation: number;
  /**
   * The whole company as computed at `generation` (every hello of a company's members reuses it
   * until something changes): a burst of sign-ins, or an instance's clients reconnecting to the
   * others at once, costs one read of the company instead of one per socket.
   */
  whole: { generation: number; at: number; people: Colleague[]; users: UserRecord[] } | null;
  /** Bumped by every change of sites or scopes (`presenceRescoped`). */
  scopeGeneration: number;
  /** Whether anyone's directory scope is narrower than the company, as last read. */
  narrowScopes: { generation: number; at: number; value: boolean } | null;
}

/** However quiet a company is, its whole list is read again after this long. */
const WHOLE_KEPT_MS = 60_000;

/** Something about the company's users changed: the kept whole list is no longer theirs. */
function invalidate(state: CompanyState): void {
  state.generation += 1;
  state.whole = null;
}

const states = new WeakMap<ServerContext, Map<string, CompanyState>>();
/** Timers further out than this are armed in steps (setTimeout's limit is ~24.8 days). */
const MAX_TIMER_MS = 6 * 60 * 60 * 1000;

function companyState(ctx: ServerContext, companyId: string): CompanyState {
  let companies = states.get(ctx);
  if (!companies) states.set(ctx, (companies = new Map()));
  let state = companies.get(companyId);
  if (!state) companies.set(companyId, (state = { sent: new Map(), timer: null, timerAt: null, generation: 0, whole: null, scopeGeneration: 0, narrowScopes: null }));
  return state;
}

/** The users as colleagues now, with when each one's profile in effect next changes by itself. */
async function colleaguesOf(ctx: ServerContext, users: readonly UserRecord[], now: Date): Promise<{ user: UserRecord; colleague: Colleague; nextChange: Date | null }[]> {
  const effectives = await effectiveForUsers(ctx.store, users, now);
  return users.map((user) => {
    const { effective = null, nextChange = null } = effectives.get(user.id) ?? {};
    return {
      user,
      colleague: {
        id: user.id,
        firstName: user.firstName,
        lastName: user.lastName,
        userName: user.userName,
        numbers: user.numbers,
        profile: effective
          ? { name: effective.profile.name, available: effective.profile.availability === 'available', until: effective.until }
          : null,
        inCall: ctx.calls.inCall(user.id),
      },
      nextChange,
    };
  });
}

/**
 * Every enabled user of the company as a colleague, by name (the list a socket gets after its
 * hello); with `viewer`, only those in the viewer's directory scope (issue 13, sites).
 */
export async function companyPresence(ctx: ServerContext, companyId: string, viewer?: UserRecord): Promise<Colleague[]> {
  const state = companyState(ctx, companyId);
  const kept = state.whole;
  const whole = kept && kept.generation === state.generation && Date.now() - kept.at < WHOLE_KEPT_MS ? kept : await readWhole(ctx, companyId, state);
  if (!viewer) return whole.people;
  const byId = new Map(whole.users.map((u) => [u.id, u]));
  return whole.people.filter((p) => inDirectoryScope(viewer, byId.get(p.id) ?? { id: p.id }));
}

/** The company's colleagues read and computed whole (kept unless something changed meanwhile). */
async function readWhole(ctx: ServerContext, companyId: string, state: CompanyState): Promise<NonNullable<CompanyState['whole']>> {
  const generation = state.generation;
  const now = ctx.now();
  const users = (await ctx.store.listUsers(companyId)).filter((u) => !u.disabled);
  const people: Colleague[] = [];
  let earliest: Date | null = null;
  for (const { user, colleague, nextChange } of await colleaguesOf(ctx, users, now)) {
    people.push(colleague);
    state.sent.set(user.id, JSON.stringify(colleague));
    if (nextChange && (!earliest || nextChange < earliest)) earliest = nextChange;
  }
  armTimer(ctx, companyId, earliest);
  people.sort((a, b) => `${a.firstName} ${a.lastName}`.localeCompare(`${b.firstName} ${b.lastName}`));
  const whole = { generation, at: Date.now(), people, users };
  // A change that came while this was read may be missing from it: used once, not kept.
  if (state.generation === generation) state.whole = whole;
  return whole;
}

/**
 * Sends each connected member of the company their colleagues anew (`complete`), as their
 * directory scope now lets them see them: after users moved between sites or got another scope.
 * Never throws (logged).
 */
export async function presenceRescoped(ctx: ServerContext, companyId: string): Promise<void> {
  ctx.hub.toOthers({ type: 'presence-rescoped', companyId });
  await presenceRescopedHere(ctx, companyId);
}

/** `presenceRescoped` for this instance's sockets (another instance asked). */
export async function presenceRescopedHere(ctx: ServerContext, companyId: string): Promise<void> {
  const state = companyState(ctx, companyId);
  invalidate(state);
  state.scopeGeneration += 1;
  state.narrowScopes = null;
  try {
    if (!ctx.hub.companyConnected(companyId)) return;
    const people = await companyPresence(ctx, companyId);
    const users = (await ctx.store.listUsers(companyId)).filter((u) => !u.disabled);
    const byId = new Map(users.map((u) => [u.id, u]));
    for (const viewer of users) {
      const seen = people.filter((p) => inDirectoryScope(viewer, byId.get(p.id) ?? { id: p.id }));
      ctx.hub.here.sendToUsers([viewer.id], { type: 'presence', complete: true, people: seen, removed: [] });
    }
  } catch (error) {
    ctx.log.error({ err: error }, 'Could not send colleagues their presence after a change of sites');
  }
}

/**
 * A presence change to the company's members, each seeing only the colleagues their directory
 * scope shows (all of them, in one message, when nobody's scope is narrower than the company).
 */
async function sendScoped(ctx: ServerContext, companyId: string, message: Extract<ServerMessage, { type: 'presence' }>): Promise<void> {
  // Most companies give everyone the whole company: known so, a change goes to all at once
  // without reading the company's users (sites or scopes changing make it read them again).
  const state = companyState(ctx, companyId);
  const known = state.narrowScopes;
  if (known && known.generation === state.scopeGeneration && Date.now() - known.at < WHOLE_KEPT_MS && !known.value) {
    ctx.hub.here.sendToCompany(companyId, message);
    return;
  }
  const generation = state.scopeGeneration;
  const users = await ctx.store.listUsers(companyId);
  const narrow = !users.every((u) => (u.directoryScope ?? 'company') === 'company');
  if (state.scopeGeneration === generation) state.narrowScopes = { generation, at: Date.now(), value: narrow };
  if (!narrow) {
    ctx.hub.here.sendToCompany(companyId, message);
    return;
  }
  const byId = new Map(users.map((u) => [u.id, u]));
  for (const viewer of users) {
    if (viewer.disabled) continue;
    const people = message.people.filter((p) => inDirectoryScope(viewer, byId.get(p.id) ?? { id: p.id }));
    if (people.length === 0 && message.removed.length === 0) continue;
    ctx.hub.here.sendToUsers([viewer.id], { ...message, people });
  }
}

/**
 * Recomputes these users and sends what changed to their companies' connected members. Never
 * throws (a failure is logged): presence is a courtesy that must not fail the change it follows.
 */
export async function presenceChanged(ctx: ServerContext, userIds: Iterable<string>, companyIds?: Iterable<string>): Promise<void> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return;
  ctx.hub.toOthers({ type: 'presence', userIds: ids, ...(companyIds ? { companyIds: [...new Set(companyIds)] } : {}) });
  await presenceChangedFor(ctx, ids);
}

/** `presenceChanged` for this instance's sockets only (another instance asked, or its calls changed). */
export async function presenceChangedHere(ctx: ServerContext, userIds: Iterable<string>): Promise<void> {
  await presenceChangedFor(ctx, userIds);
}

/** `presenceChanged`, answering which users' presence changed (those whose change was sent). */
async function presenceChangedFor(ctx: ServerContext, userIds: Iterable<string>): Promise<string[]> {
  const changed: string[] = [];
  try {
    const now = ctx.now();
    const byCompany = new Map<string, { people: Colleague[]; removed: string[] }>();
    const ids = [...new Set(userIds)];
    const found = await ctx.store.getUsers(ids);
    for (const companyId of new Set(found.map((u) => u.companyId))) invalidate(companyState(ctx, companyId));
    const outOf = (companyId: string): { people: Colleague[]; removed: string[] } => {
      let out = byCompany.get(companyId);
      if (!out) byCompany.set(companyId, (out = { people: [], removed: [] }));
      return out;
    };
    // Users no longer stored (an unconfirmed account swept away) leave the lists they were in.
    const gone = new Set(ids);
    for (const user of found) gone.delete(user.id);
    for (const [companyId, state] of states.get(ctx) ?? []) {
      for (const id of gone) {
        if (!state.sent.delete(id)) continue;
        invalidate(state);
        if (ctx.hub.companyConnected(companyId)) outOf(companyId).removed.push(id);
      }
    }
    const users = found.filter((u) => ctx.hub.companyConnected(u.companyId));
    for (const user of users.filter((u) => u.disabled)) {
      if (companyState(ctx, user.companyId).sent.delete(user.id)) outOf(user.companyId).removed.push(user.id);
    }
    for (const { user, colleague, nextChange } of await colleaguesOf(ctx, users.filter((u) => !u.disabled), now)) {
      const state = companyState(ctx, user.companyId);
      const out = outOf(user.companyId);
      if (nextChange && (state.timerAt === null || nextChange.getTime() < state.timerAt)) armTimer(ctx, user.companyId, nextChange);
      const json = JSON.stringify(colleague);
      if (state.sent.get(user.id) === json) continue;
      state.sent.set(user.id, json);
      out.people.push(colleague);
      changed.push(user.id);
    }
    for (const [companyId, { people, removed }] of byCompany) {
      if (people.length === 0 && removed.length === 0) continue;
      await sendScoped(ctx, companyId, { type: 'presence', complete: false, people, removed });
    }
  } catch (error) {
    ctx.log.error({ err: error }, 'Could not send colleagues their presence');
  }
  return changed;
}

/** The same, for every enabled user of a company (a timed profile or calendar event ended). */
async function companyChanged(ctx: ServerContext, companyId: string): Promise<void> {
  const state = companyState(ctx, companyId);
  const changedAt = state.timerAt;
  state.timer = null;
  state.timerAt = null;
  invalidate(state);
  if (!ctx.hub.companyConnected(companyId)) return;
  try {
    const users = await ctx.store.listUsers(companyId);
    const changed = await presenceChangedFor(ctx, users.map((u) => u.id));
    if (changedAt !== null && changedAt <= ctx.now().getTime()) await tellWatchersQueuePauses(ctx, users.filter((u) => changed.includes(u.id)), new Date(changedAt - 1));
    let earliest: Date | null = null;
    for (const { nextChange } of (await effectiveForUsers(ctx.store, users.filter((u) => !u.disabled), ctx.now())).values()) {
      if (nextChange && (!earliest || nextChange < earliest)) earliest = nextChange;
    }
    armTimer(ctx, companyId, earliest);
  } catch (error) {
    ctx.log.error({ err: error }, 'Could not recompute colleagues presence');
  }
}

/**
 * A scheduled switch (a calendar event, a timed choice ending) stores nothing, so no change note
 * reaches the admins watching the company; those whose queue statuses it changed (paused ⇄
 * active) are told here, as a manual switch would be, and the admin's queue view reads again.
 */
async function tellWatchersQueuePauses(ctx: ServerContext, users: UserRecord[], before: Date): Promise<void> {
  const now = ctx.now();
  for (const user of users) {
    const queues = await ctx.store.queuesOfUser(user.id);
    if (queues.length === 0) continue;
    const statusesAt = async (at: Date): Promise<string> => {
      const { effective } = await effectiveFor(ctx.store, user, at);
      return JSON.stringify(queueStatuses({ queues, profile: effective?.profile ?? null, overrides: user.queueOverrides }));
    };
    if ((await statusesAt(before)) === (await statusesAt(now))) continue;
    // The reason carries the instant: the client keeps one note per kind and drops repeats.
    ctx.hub.here.tellCompanyWatchers(user.companyId, { type: 'company-change', userId: user.id, revision: user.revision, reason: `schedule ${now.toISOString()}` });
  }
}

function armTimer(ctx: ServerContext, companyId: string, at: Date | null): void {
  const state = companyState(ctx, companyId);
  if (at === null) return;
  const when = at.getTime();
  if (state.timerAt !== null && state.timerAt <= when && state.timer) return;
  if (state.timer) clearTimeout(state.timer);
  // A second after the change, so the rules see the new profile in effect.
  const delay = Math.min(Math.max(0, when - ctx.now().getTime()) + 1000, MAX_TIMER_MS);
  state.timerAt = when;
  state.timer = setTimeout(() => void companyChanged(ctx, companyId), delay);
  state.timer.unref();
}

/** Stops the timers (server shutdown). */
export function stopPresence(ctx: ServerContext): void {
  for (const state of states.get(ctx)?.values() ?? []) if (state.timer) clearTimeout(state.timer);
  states.delete(ctx);
}
