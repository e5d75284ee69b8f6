/** The Store port's statements for voicemail messages and users' greetings (migration 009). */
import type { GreetingRecord, VoicemailRecord } from './store';
import { AuditOps } from './audit-ops';

interface VoicemailRow {
  id: string;
  company_id: string;
  user_id: string;
  sip_call_id: string | null;
  caller_number: string;
  caller_name: string | null;
  called_number: string | null;
  received_at: string;
  duration_ms: number;
  size_bytes: number;
  heard_at: string | null;
  file_name: string;
}

interface GreetingRow {
  user_id: string;
  company_id: string;
  duration_ms: number;
  size_bytes: number;
  file_name: string;
  updated_at: string;
}

function voicemailFromRow(row: VoicemailRow): VoicemailRecord {
  return {
    id: row.id,
    companyId: row.company_id,
    userId: row.user_id,
    sipCallId: row.sip_call_id,
    callerNumber: row.caller_number,
    callerName: row.caller_name,
    calledNumber: row.called_number,
    receivedAt: row.received_at,
    durationMs: row.duration_ms,
    sizeBytes: row.size_bytes,
    heardAt: row.heard_at,
    fileName: row.file_name,
  };
}

export abstract class VoicemailOps extends AuditOps {
  async getVoicemail(id: string): Promise<VoicemailRecord | null> {
    const row = await this.one<VoicemailRow>('SELECT * FROM voicemail_messages WHERE id = ?', id);
    return row ? voicemailFromRow(row) : null;
  }
  async listVoicemail(userId: string): Promise<VoicemailRecord[]> {
    return (await this.all<VoicemailRow>('SELECT * FROM voicemail_messages WHERE user_id = ? ORDER BY received_at DESC, rowid DESC', userId)).map(
      voicemailFromRow,
    );
  }
  async voicemailReceivedBefore(before: string): Promise<VoicemailRecord[]> {
    return (await this.all<VoicemailRow>('SELECT * FROM voicemail_messages WHERE received_at < ?', before)).map(voicemailFromRow);
  }
  async insertVoicemail(m: VoicemailRecord): Promise<void> {
    await this.run(
      'INSERT INTO voicemail_messages (id, company_id, user_id, sip_call_id, caller_number, caller_name, called_number, received_at, duration_ms, size_bytes, heard_at, file_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      m.id,
      m.companyId,
      m.userId,
      m.sipCallId,
      m.callerNumber,
      m.callerName,
      m.calledNumber,
      m.receivedAt,
      m.durationMs,
      m.sizeBytes,
      m.heardAt,
      m.fileName,
    );
  }
  async setVoicemailHeard(id: string, heardAt: string | null): Promise<void> {
    await this.run('UPDATE voicemail_messages SET heard_at = ? WHERE id = ?', heardAt, id);
  }
  async deleteVoicemail(id: string): Promise<void> {
    await this.run('DELETE FROM voicemail_messages WHERE id = ?', id);
  }

  async getGreeting(userId: string): Promise<GreetingRecord | null> {
    const row = await this.one<GreetingRow>('SELECT * FROM voicemail_greetings WHERE user_id = ?', userId);
    return row
      ? { userId: row.user_id, companyId: row.company_id, durationMs: row.duration_ms, sizeBytes: row.size_bytes, fileName: row.file_name, updatedAt: row.updated_at }
      : null;
  }
  async putGreeting(g: GreetingRecord): Promise<void> {
    await this.run(
      `INSERT INTO voicemail_greetings (user_id, company_id, duration_ms, size_bytes, file_name, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET company_id = excluded.company_id, duration_ms = excluded.duration_ms, size_bytes = excluded.size_bytes,
         file_name = excluded.file_name, updated_at = excluded.updated_at`,
      g.userId,
      g.companyId,
      g.durationMs,
      g.sizeBytes,
      g.fileName,
      g.updatedAt,
    );
  }
  async deleteGreeting(userId: string): Promise<void> {
    await this.run('DELETE FROM voicemail_greetings WHERE user_id = ?', userId);
  }
}
