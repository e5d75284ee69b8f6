/**
 * Sign-in, sessions and throttling. Tokens are random; only their SHA-256 is stored, so a leaked
 * database does not leak sessions. Failed attempts are counted per account-and-address pair
 * (a small allowance: an attacker elsewhere cannot lock the owner out), per account over all
 * addresses (a higher ceiling against attacks spread over many addresses) and per address;
 * past its allowance each further failure doubles that key's wait (429 + Retry-After). The
 * account is the user, whichever of user name or email is typed. A login may name accounts in
 * several companies (user names and emails are unique per company, issue 12): every candidate's
 * password is checked (the same work each), a failure counts for each, and a password that fits
 * more than one answers 409 asking for the company (`company` in the request narrows them).
 */
import type { Company, User } from '../../shared/model';
import type { SessionRecord, StoreWriter, UserRecord } from '../db/store';
import { hashPassword, randomToken, sha256, verifyPassword } from '../security/secrets';
import type { ServerContext } from './context';
import { ApiError } from './errors';
import { toUser } from './users-view';
import { text } from '../../shared/text';

const FREE_ATTEMPTS = { pair: 5, account: 50, address: 20 } as const;
const MAX_DELAY_SECONDS = 15 * 60;

export interface Caller {
  user: UserRecord;
  company: Company;
  tokenHash: string;
  /** When the caller's session ends (open sync sockets close then). */
  sessionExpiresAt: string;
}

function delaySeconds(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_DELAY_SECONDS, 2 ** (failures - free));
}

async function throttleCheck(ctx: ServerContext, keys: string[]): Promise<void> {
  const now = ctx.now().getTime();
  for (const key of keys) {
    const failure = await ctx.store.getSignInFailure(key);
    if (failure?.blockedUntil && Date.parse(failure.blockedUntil) > now) {
      const retry = Math.ceil((Date.parse(failure.blockedUntil) - now) / 1000);
      throw new ApiError(
        429,
        'throttled',
        `Too many failed sign-ins. Try again in ${retry} seconds.`,
        undefined,
        { 'retry-after': String(retry) },
        text('auth.throttled', { seconds: retry }),
      );
    }
  }
}

/**
 * One more failure of `key`: the count is raised in the database itself (several instances may
 * count the same key at once, issue 15) and the wait is computed from the count it answers.
 */
async function recordFailure(tx: StoreWriter, key: string, free: number, now: Date): Promise<void> {
  const failures = await tx.countSignInFailure(key);
  const delay = delaySeconds(failures, free);
  if (delay > 0) await tx.blockSignIns(key, new Date(now.getTime() + delay * 1000).toISOString());
}

export interface SignInResult {
  token: string;
  expiresAt: string;
  user: User;
  companyName: string;
}

/**
 * The accounts `login` may mean: user names and emails are unique per company only, so a name
 * can be several companies' (issue 12). `company` (its name or id, as the sign-in screen asks
 * for it after a 409) narrows them to one company.
 */
async function candidatesFor(ctx: ServerContext, login: string, company: string | undefined): Promise<UserRecord[]> {
  const users = await ctx.store.findUsersByLogin(login);
  if (company === undefined) return users;
  const wanted = company.trim().toLowerCase();
  const result: UserRecord[] = [];
  for (const user of users) {
    const owner = await ctx.store.getCompany(user.companyId);
    if (owner && (owner.id === company.trim() || owner.name.trim().toLowerCase() === wanted)) result.push(user);
  }
  return result;
}

export async function signIn(ctx: ServerContext, login: string, password: string, address: string, companyAsked?: string): Promise<SignInResult> {
  const candidates = await candidatesFor(ctx, login, companyAsked);
  // User name and email are one account; an unknown login is counted under what was typed.
  const accounts = candidates.length > 0 ? candidates.map((candidate) => `user:${candidate.id}`) : [`login:${login.toLowerCase()}`];
  const addressKey = `address:${address}`;
  const keysOf = (account: string) => ({ pairKey: `pair:${account}|${address}`, accountKey: `account:${account}` });
  await throttleCheck(ctx, [...accounts.flatMap((account) => Object.values(keysOf(account))), addressKey]);
  // Verify every candidate (and, for unknown users, a dummy hash) so timing does not reveal which accounts exist or matched.
  const hashes = candidates.length > 0 ? candidates.map((candidate) => candidate.passwordHash) : [null];
  const verified: boolean[] = [];
  for (const hash of hashes) verified.push(await verifyPassword(password, hash ?? (await dummyHash(ctx.config.scryptCost))));
  const matching = candidates.filter((_, index) => verified[index] === true);
  const usableMatches = matching.filter((candidate) => !candidate.disabled && candidate.confirmed);
  if (usableMatches.length > 1) {
    throw new ApiError(409, 'conflict', 'This user name is used in several companies: say which company you sign in to', { field: 'company' }, undefined, text('auth.companyRequired'));
  }
  const user = usableMatches[0] ?? (matching.length === 1 ? matching[0] : undefined);
  const ok = user !== undefined;
  const usable = ok && !user.disabled && user.confirmed;
  const now = ctx.now();
  const { pairKey, accountKey } = keysOf(user ? `user:${user.id}` : (accounts[0] ?? ''));
  if (!usable || !user) {
    await ctx.store.write(async (tx) => {
      for (const account of accounts) {
        await recordFailure(tx, keysOf(account).pairKey, FREE_ATTEMPTS.pair, now);
        await recordFailure(tx, keysOf(account).accountKey, FREE_ATTEMPTS.account, now);
      }
      await recordFailure(tx, addressKey, FREE_ATTEMPTS.address, now);
    });
    if (ok && user.disabled)
      throw new ApiError(401, 'unauthenticated', 'This account is disabled. Ask your administrator.', undefined, undefined, text('auth.disabled'));
    if (ok && !user.confirmed) {
      throw new ApiError(401, 'unauthenticated', 'Confirm your email address first: follow the link we sent you.', undefined, undefined, text('auth.unconfirmed'));
    }
    throw new ApiError(401, 'unauthenticated', 'Wrong user name, email or password', undefined, undefined, text('auth.wrongCredentials'));
  }
  const company = await ctx.store.getCompany(user.companyId);
  if (!company) throw new Error(`User ${user.id} has no company`);
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionDays * 86_400_000).toISOString();
  await ctx.store.write(async (tx) => {
    await tx.clearSignInFailure(pairKey);
    await tx.clearSignInFailure(accountKey);
    await tx.clearSignInFailure(addressKey);
    const session: SessionRecord = {
      tokenHash: sha256(token),
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt,
      revokedAt: null,
      address,
    };
    await tx.insertSession(session);
  });
  return { token, expiresAt, user: toUser(user), companyName: company.name };
}

// A hash of a random password at the configured cost, verified for unknown accounts so that
// answering "no such user" takes as long as "wrong password".
const dummyHashes = new Map<number, Promise<string>>();
function dummyHash(cost: number): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) dummyHashes.set(cost, (hash = hashPassword(randomToken(), cost)));
  return hash;
}

/** Resolves a bearer token to the signed-in user, or null when unknown, revoked, expired or disabled. */
export async function authenticate(ctx: ServerContext, token: string): Promise<Caller | null> {
  const tokenHash = sha256(token);
  const session = await ctx.store.getSession(tokenHash);
  if (!session || session.revokedAt || Date.parse(session.expiresAt) <= ctx.now().getTime()) return null;
  const user = await ctx.store.getUser(session.userId);
  if (!user || user.disabled) return null;
  const company = await ctx.store.getCompany(user.companyId);
  if (!company) return null;
  return { user, company, tokenHash, sessionExpiresAt: session.expiresAt };
}

/** Revokes the caller's session and closes the sockets opened with it. */
export async function signOut(ctx: ServerContext, caller: Caller): Promise<void> {
  await ctx.store.write((tx) => tx.revokeSession(caller.tokenHash, ctx.now().toISOString()));
  ctx.hub.endSession(caller.tokenHash, 'Signed out', text('auth.signedOutHere'));
}
