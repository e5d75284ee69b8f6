/**
 * Which PBX proxy the SIP engine connects to, when the profile server names several (a pair of
 * proxies sharing registrations: issue 15, `wsUrls` of GET /me/sip).
 *
 * The engine starts on the first. Whenever the connection to the current one fails or is lost,
 * or the registration there is refused or lapses, it moves on to the next, round and round. The
 * wait before each attempt grows only per round: the first try of the next proxy after a loss
 * waits the shortest backoff (so a killed proxy's clients are registered on the other within a
 * second or so), and only when every proxy has failed since the last success do the waits grow.
 * With one address this is exactly the single-PBX behaviour: every failure is a failed round.
 */
export class PbxServers {
  private readonly urls: string[];
  private index = 0;
  /** Addresses tried and failed since the last success (or the start of this round). */
  private failedInRound = 0;
  private rounds = 0;

  constructor(urls: readonly string[]) {
    const distinct = [...new Set(urls.map((url) => url.trim()).filter((url) => url !== ''))];
    if (distinct.length === 0) throw new Error('No PBX address to connect to');
    this.urls = distinct;
  }

  /** The address to connect (or stay connected) to now. */
  get current(): string {
    return this.urls[this.index]!;
  }

  /** Full rounds in which every address failed since the last success: the backoff's attempt number. */
  get failedRounds(): number {
    return this.rounds;
  }

  /**
   * The current address failed (could not connect, connection lost, registration refused or
   * lapsed): moves on to the next. Returns true when that completed a round in which every
   * address failed.
   */
  failed(): boolean {
    this.index = (this.index + 1) % this.urls.length;
    this.failedInRound += 1;
    if (this.failedInRound >= this.urls.length) {
      this.failedInRound = 0;
      this.rounds += 1;
      return true;
    }
    return false;
  }

  /** Registered at the current address: it stays current, and the waits start small again. */
  succeeded(): void {
    this.failedInRound = 0;
    this.rounds = 0;
  }
}

/**
 * The addresses a softphone registers at: the one configured on this machine (`pbxUrl`, for
 * development or a PBX the server does not know) alone; else every proxy the profile server
 * names (`wsUrls`), or its single `wsUrl` (older servers). Empty: no PBX is known.
 */
export function pbxAddressesFor(pbxUrl: string | null, named: { wsUrl: string | null; wsUrls?: readonly string[] }): string[] {
  if (pbxUrl !== null) return [pbxUrl];
  if (named.wsUrls && named.wsUrls.length > 0) return [...named.wsUrls];
  return named.wsUrl === null ? [] : [named.wsUrl];
}
