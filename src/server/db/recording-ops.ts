/**
 * The Store port's statements for call recordings and the calls the server expects a recording
 * of (migration 005). `RecordOps` builds on these.
 */
import type { RecordingExpectation, RecordingRecord } from './store';
import { VoicemailOps } from './voicemail-ops';

interface RecordingRow {
  id: string;
  company_id: string;
  user_id: string;
  sip_call_id: string;
  direction: 'incoming' | 'outgoing';
  other_party: string;
  started_at: string;
  duration_ms: number;
  size_bytes: number;
  content_type: string;
  file_name: string;
  created_at: string;
}

function recordingFromRow(row: RecordingRow): RecordingRecord {
  return {
    id: row.id,
    companyId: row.company_id,
    userId: row.user_id,
    sipCallId: row.sip_call_id,
    direction: row.direction,
    otherParty: row.other_party,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    sizeBytes: row.size_bytes,
    contentType: row.content_type,
    fileName: row.file_name,
    createdAt: row.created_at,
  };
}

export abstract class RecordingOps extends VoicemailOps {
  async recordingExpectations(sipCallId: string): Promise<RecordingExpectation[]> {
    type Row = { sip_call_id: string; user_id: string; direction: 'incoming' | 'outgoing'; other_party: string; at: string };
    return (await this.all<Row>('SELECT * FROM recording_expectations WHERE sip_call_id = ? ORDER BY at', sipCallId)).map((row) => ({
      sipCallId: row.sip_call_id,
      userId: row.user_id,
      direction: row.direction,
      otherParty: row.other_party,
      at: row.at,
    }));
  }
  async putRecordingExpectation(e: RecordingExpectation): Promise<void> {
    await this.run(
      `INSERT INTO recording_expectations (sip_call_id, user_id, direction, other_party, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sip_call_id, user_id) DO UPDATE SET direction = excluded.direction, other_party = excluded.other_party, at = excluded.at`,
      e.sipCallId,
      e.userId,
      e.direction,
      e.otherParty,
      e.at,
    );
  }
  async deleteRecordingExpectations(sipCallId: string): Promise<void> {
    await this.run('DELETE FROM recording_expectations WHERE sip_call_id = ?', sipCallId);
  }
  async pruneRecordingExpectations(before: string): Promise<void> {
    await this.run('DELETE FROM recording_expectations WHERE at < ?', before);
  }

  async getRecording(id: string): Promise<RecordingRecord | null> {
    const row = await this.one<RecordingRow>('SELECT * FROM recordings WHERE id = ?', id);
    return row ? recordingFromRow(row) : null;
  }
  async listUserRecordings(userId: string): Promise<RecordingRecord[]> {
    return (await this.all<RecordingRow>('SELECT * FROM recordings WHERE user_id = ? ORDER BY started_at DESC, rowid DESC', userId)).map(recordingFromRow);
  }
  async listCompanyRecordings(companyId: string): Promise<RecordingRecord[]> {
    return (await this.all<RecordingRow>('SELECT * FROM recordings WHERE company_id = ? ORDER BY started_at DESC, rowid DESC', companyId)).map(
      recordingFromRow,
    );
  }
  async recordingsStartedBefore(companyId: string, before: string): Promise<RecordingRecord[]> {
    return (await this.all<RecordingRow>('SELECT * FROM recordings WHERE company_id = ? AND started_at < ?', companyId, before)).map(recordingFromRow);
  }
  async insertRecording(r: RecordingRecord): Promise<void> {
    await this.run(
      'INSERT INTO recordings (id, company_id, user_id, sip_call_id, direction, other_party, started_at, duration_ms, size_bytes, content_type, file_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      r.id,
      r.companyId,
      r.userId,
      r.sipCallId,
      r.direction,
      r.otherParty,
      r.startedAt,
      r.durationMs,
      r.sizeBytes,
      r.contentType,
      r.fileName,
      r.createdAt,
    );
  }
  async deleteRecording(id: string): Promise<void> {
    await this.run('DELETE FROM recordings WHERE id = ?', id);
  }
}
