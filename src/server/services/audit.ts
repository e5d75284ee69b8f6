/**
 * The admin audit log (issue 13). Every admin service records its action with one line, inside
 * the transaction that makes the change, so a row exists exactly when the change committed:
 *
 *   await audit(ctx, tx, caller, 'queues.create', { kind: 'queue', id: queue.id, name: queue.name }, { number });
 *
 * `caller` is the signed-in admin (`request.caller`), or `SYSTEM` for what the server does on
 * its own (the initial apply when a company is created). Details are small facts (field names,
 * counts, numbers, user ids under `userIds` so that a person filter finds them); never secrets.
 */
import { randomUUID } from 'node:crypto';
import type { AuditAction, AuditEntry, AuditPage, AuditQuery, AuditSubject } from '../../shared/model';
import type { AuditRecord, StoreWriter, UserRecord } from '../db/store';
import type { Caller } from './auth';
import type { ServerContext } from './context';

/** The server itself, acting for a company (`companyId`) with nobody signed in. */
export interface SystemActor {
  system: true;
  companyId: string;
}

export const systemActor = (companyId: string): SystemActor => ({ system: true, companyId });

/** A person acting for themselves without a session (accepting an invitation, a reset link). */
export interface PersonActor {
  person: Pick<UserRecord, 'id' | 'userName' | 'companyId'>;
}

export const personActor = (person: PersonActor['person']): PersonActor => ({ person });

/** A user as an audit subject: their user name (and full name) as it is now. */
export function userSubject(user: Pick<UserRecord, 'id' | 'userName' | 'firstName' | 'lastName'>): AuditSubject {
  const fullName = `${user.firstName} ${user.lastName}`.trim();
  return { kind: 'user', id: user.id, name: fullName ? `${fullName} (${user.userName})` : user.userName };
}

/** Records one admin action in the transaction `tx` (see the file header). */
export async function audit(
  ctx: Pick<ServerContext, 'now'>,
  tx: StoreWriter,
  who: Caller | SystemActor | PersonActor,
  action: AuditAction,
  subject: AuditSubject | null = null,
  details: Record<string, unknown> = {},
): Promise<void> {
  const actor =
    'system' in who
      ? { companyId: who.companyId, id: null, name: '' }
      : 'person' in who
        ? { companyId: who.person.companyId, id: who.person.id, name: who.person.userName }
        : { companyId: who.company.id, id: who.user.id, name: who.user.userName };
  const entry: AuditRecord = {
    id: randomUUID(),
    companyId: actor.companyId,
    at: ctx.now().toISOString(),
    actorId: actor.id,
    actorName: actor.name,
    action,
    subject: subject && { ...subject, name: subject.name.slice(0, 200) },
    details,
  };
  await tx.insertAudit(entry);
}

function toEntry(record: AuditRecord): AuditEntry {
  return {
    id: record.id,
    at: record.at,
    actorId: record.actorId,
    actorName: record.actorName,
    action: record.action,
    subject: record.subject,
    details: record.details,
  };
}

/** One page of the caller's company's audit log, newest first. */
export async function searchAudit(ctx: ServerContext, caller: Caller, query: AuditQuery): Promise<AuditPage> {
  const { entries, total } = await ctx.store.searchAudit(caller.company.id, query);
  return { entries: entries.map(toEntry), total, page: query.page, pageSize: query.pageSize };
}
