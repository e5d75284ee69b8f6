/** The Store port's statements for the admin audit log (migration 014). */
import type { AuditAction, AuditQuery, AuditSubject } from '../../shared/model';
import type { AuditRecord } from './store';
import { SiteOps } from './site-ops';

interface AuditRow {
  id: string;
  company_id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: AuditAction;
  subject_kind: AuditSubject['kind'] | null;
  subject_id: string | null;
  subject_name: string | null;
  details_json: string;
}

function auditFromRow(row: AuditRow): AuditRecord {
  let details: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.details_json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) details = parsed as Record<string, unknown>;
  } catch {
    details = {};
  }
  return {
    id: row.id,
    companyId: row.company_id,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    subject: row.subject_kind ? { kind: row.subject_kind, id: row.subject_id, name: row.subject_name ?? '' } : null,
    details,
  };
}

/** `%`, `_` and `\` match themselves in the search text. */
const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export abstract class AuditOps extends SiteOps {
  async insertAudit(entry: AuditRecord): Promise<void> {
    await this.run(
      `INSERT INTO audit_log (id, company_id, at, actor_id, actor_name, action, subject_kind, subject_id, subject_name, details_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      entry.id,
      entry.companyId,
      entry.at,
      entry.actorId,
      entry.actorName,
      entry.action,
      entry.subject?.kind ?? null,
      entry.subject?.id ?? null,
      entry.subject?.name ?? null,
      JSON.stringify(entry.details),
    );
  }

  async searchAudit(companyId: string, query: AuditQuery): Promise<{ entries: AuditRecord[]; total: number }> {
    const where = ['company_id = ?'];
    const params: unknown[] = [companyId];
    if (query.q) {
      const like = this.likeIgnoringCase;
      where.push(`(actor_name ${like} ? ESCAPE '\\' OR subject_name ${like} ? ESCAPE '\\' OR action ${like} ? ESCAPE '\\' OR details_json ${like} ? ESCAPE '\\')`);
      const pattern = likePattern(query.q);
      params.push(pattern, pattern, pattern, pattern);
    }
    if (query.action) {
      where.push('action = ?');
      params.push(query.action);
    }
    if (query.personId) {
      // Who did it, whom it concerned, or one of the users an action named (an apply, a mass edit).
      where.push(`(actor_id = ? OR subject_id = ? OR ${this.jsonListHas('audit_log.details_json', 'userIds')})`);
      params.push(query.personId, query.personId, query.personId);
    }
    if (query.from) {
      where.push('at >= ?');
      params.push(new Date(query.from).toISOString());
    }
    if (query.to) {
      where.push('at < ?');
      params.push(new Date(query.to).toISOString());
    }
    const clause = where.join(' AND ');
    const total = (await this.one<{ n: number }>(`SELECT count(*) AS n FROM audit_log WHERE ${clause}`, ...params))?.n ?? 0;
    const rows = await this.all<AuditRow>(
      `SELECT * FROM audit_log WHERE ${clause} ORDER BY at DESC, rowid DESC LIMIT ? OFFSET ?`,
      ...params,
      query.pageSize,
      (query.page - 1) * query.pageSize,
    );
    return { entries: rows.map(auditFromRow), total };
  }
}
