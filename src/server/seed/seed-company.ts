/**
 * Creates a company with users, queues and the built-in templates (the first one applied to
 * everyone). Idempotent: a company that exists by id is left as it is and described again.
 * Used by `npm run server -- --demo` and by the tests' `startTestServer()`.
 */
import { realmOf } from '../config';
import { randomUUID } from 'node:crypto';
import type { CompanySettings, Role, UserNumbers } from '../../shared/model';
import { companyBuiltIns } from '../services/built-in-templates';
import type { StoreWriter } from '../db/store';
import { hashPassword } from '../security/secrets';
import { audit, systemActor } from '../services/audit';
import { writeWithChanges } from '../services/changes';
import type { ServerContext } from '../services/context';
import { applyTemplateToUser, ensureBuiltInTemplates } from '../services/templates';
import { insertUser, newUserRecord } from '../services/user-records';
import { addNumberBlock, isPublicNumber, ownsNumber } from '../services/number-ownership';

/** The spec's blocks, or one-number blocks for the public numbers it uses. */
function blocksOf(spec: CompanySpec): [string, string][] {
  if (spec.numberBlocks) return spec.numberBlocks;
  const used = [spec.mainNumber, ...spec.queues.map((q) => q.number), ...spec.users.map((u) => u.numbers?.landline)];
  return [...new Set(used.filter((n): n is string => !!n && isPublicNumber(n)))].map((n) => [n, n]);
}

export interface SeedUser {
  userName: string;
  firstName: string;
  lastName: string;
  email: string;
  role: Role;
  password: string;
  numbers?: Partial<UserNumbers>;
}

export interface SeedQueue {
  name: string;
  number: string;
  /** User names of the members. */
  members: string[];
}

export interface CompanySpec {
  id: string;
  name: string;
  mainNumber: string | null;
  users: SeedUser[];
  queues: SeedQueue[];
  settings?: Partial<CompanySettings>;
  /**
   * The public numbers the company owns, as [first, last] blocks. Without it the company owns
   * just the public numbers the spec uses (main number, queue numbers, landlines).
   */
  numberBlocks?: [string, string][];
}

export interface SeededUser extends SeedUser {
  id: string;
}

export interface SeededCompany {
  id: string;
  name: string;
  created: boolean;
  users: Record<string, SeededUser>;
  queues: Record<string, { id: string; name: string; number: string; memberIds: string[] }>;
  templates: { id: string; name: string }[];
}

const DEFAULT_SETTINGS: CompanySettings = {
  customFieldLabels: [null, null, null],
  registration: 'open',
  registrationRole: 'guest',
  invitationRole: 'user',
  requireConfirmation: true,
  recordingRetentionDays: 90,
};

async function describe(tx: StoreWriter, spec: CompanySpec, created: boolean): Promise<SeededCompany> {
  const users: Record<string, SeededUser> = {};
  for (const seed of spec.users) {
    const user = await tx.findUserByUserNameIn(spec.id, seed.userName);
    if (user) users[seed.userName] = { ...seed, id: user.id };
  }
  const queues: SeededCompany['queues'] = {};
  for (const queue of await tx.listQueues(spec.id)) {
    queues[queue.name] = { id: queue.id, name: queue.name, number: queue.number, memberIds: queue.memberIds };
  }
  const templates = (await tx.listTemplates(spec.id)).map((t) => ({ id: t.id, name: t.name }));
  return { id: spec.id, name: spec.name, created, users, queues, templates };
}

export async function seedCompany(ctx: ServerContext, spec: CompanySpec): Promise<SeededCompany> {
  // Hash outside the transaction: scrypt is deliberately slow.
  const hashes = new Map<string, string>();
  for (const user of spec.users) hashes.set(user.userName, await hashPassword(user.password, ctx.config.scryptCost));
  return writeWithChanges(ctx, async (tx, changes) => {
    if (await tx.getCompany(spec.id)) return describe(tx, spec, false);
    const now = ctx.now();
    await tx.insertCompany({
      id: spec.id,
      name: spec.name,
      mainNumber: spec.mainNumber,
      settings: { ...DEFAULT_SETTINGS, ...spec.settings },
    });
    for (const [first, last] of blocksOf(spec)) await addNumberBlock(tx, spec.id, first, last, now);
    for (const number of [spec.mainNumber, ...spec.queues.map((q) => q.number)]) {
      if (number && !(await ownsNumber(tx, spec.id, number))) throw new Error(`${number} is not in a number block of ${spec.id}`);
    }
    const ids = new Map<string, string>();
    for (const seed of spec.users) {
      const record = newUserRecord(
        {
          companyId: spec.id,
          userName: seed.userName,
          email: seed.email,
          firstName: seed.firstName,
          lastName: seed.lastName,
          role: seed.role,
          numbers: seed.numbers ?? {},
          passwordHash: hashes.get(seed.userName) ?? null,
          sipRealm: realmOf(ctx.config),
        },
        now,
      );
      await insertUser(tx, record);
      ids.set(seed.userName, record.id);
    }
    for (const queue of spec.queues) {
      await tx.insertQueue({
        id: randomUUID(),
        companyId: spec.id,
        name: queue.name,
        number: queue.number,
        memberIds: queue.members.map((name) => {
          const id = ids.get(name);
          if (!id) throw new Error(`Queue ${queue.name} names unknown member ${name}`);
          return id;
        }),
      });
    }
    const templates = await ensureBuiltInTemplates(tx, spec.id, companyBuiltIns(), now);
    const first = templates[0];
    await audit(ctx, tx, systemActor(spec.id), 'company.create', { kind: 'company', id: spec.id, name: spec.name }, { users: ids.size, queues: spec.queues.length });
    if (first) {
      for (const id of ids.values()) {
        const user = await tx.getUser(id);
        if (user) await applyTemplateToUser(tx, changes, user, first);
      }
      // The initial apply is an apply like any other in the company's audit log (issue 13).
      await audit(ctx, tx, systemActor(spec.id), 'templates.apply', { kind: 'template', id: first.id, name: first.name }, { count: ids.size, userIds: [...ids.values()], initial: true });
    }
    return describe(tx, spec, true);
  });
}
