/**
 * Who is in a call now, as the PBX reports it (issue 10 "Busy"): Kamailio tracks every call's
 * dialog and tells the profile server when one is answered (with the SIP accounts of both
 * ends: the caller's and the answering device's) and when it ends. A user is in a call while
 * any of their devices (softphone, desk phones, third-party phones on their account) is in an
 * answered dialog; the route answer then applies the busy rule, whatever device would ring.
 *
 * Kept in memory: a restarted profile server forgets calls in progress (they count again from
 * the next call), and so does a restarted PBX, which reports `reset` when it starts (its dialog
 * module keeps no state across restarts). Kamailio ends dialogs that never see a BYE after its
 * timeout.
 */
export class CallRegistry {
  /** Call-ID → the users (ids) in that call. */
  private readonly calls = new Map<string, Set<string>>();
  /** User id → how many calls they are in. */
  private readonly perUser = new Map<string, number>();
  /** Call-ID → the proxies that reported it (a pair may report one call from both). */
  private readonly reporters = new Map<string, Set<string>>();

  /** `pbx`: the reporting proxy, when it says (a pair's proxies do). */
  started(callId: string, userIds: readonly string[], pbx?: string): void {
    let users = this.calls.get(callId);
    if (!users) this.calls.set(callId, (users = new Set()));
    if (pbx !== undefined) {
      const by = this.reporters.get(callId);
      if (by) by.add(pbx);
      else this.reporters.set(callId, new Set([pbx]));
    }
    for (const userId of userIds) {
      if (users.has(userId)) continue;
      users.add(userId);
      this.perUser.set(userId, (this.perUser.get(userId) ?? 0) + 1);
    }
  }

  ended(callId: string): void {
    const users = this.calls.get(callId);
    if (!users) return;
    this.calls.delete(callId);
    this.reporters.delete(callId);
    for (const userId of users) {
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(userId, left);
      else this.perUser.delete(userId);
    }
  }

  /**
   * The PBX restarted and will report none of its calls ending: forgets them. With `pbx` (one
   * proxy of a pair), only the calls no other proxy reported too; without, every call.
   */
  reset(pbx?: string): void {
    if (pbx === undefined) {
      this.calls.clear();
      this.perUser.clear();
      this.reporters.clear();
      return;
    }
    for (const callId of [...this.calls.keys()]) {
      const by = this.reporters.get(callId);
      by?.delete(pbx);
      // A call nobody else vouches for (or reported without a name) goes.
      if (!by || by.size === 0) this.ended(callId);
    }
  }

  /** The users (ids) in the call with this SIP Call-ID; none for a call not answered or unknown. */
  usersIn(callId: string): string[] {
    return [...(this.calls.get(callId) ?? [])];
  }

  /** Every user in at least one call. */
  usersInCalls(): string[] {
    return [...this.perUser.keys()];
  }

  inCall(userId: string): boolean {
    return this.perUser.has(userId);
  }
}
