/**
 * The Store port's statements for a company's announcements, applications and feature codes
 * (issue 11, migration 012).
 */
import type { AnnouncementAfterwards } from '../../shared/model';
import type { AnnouncementRecord, ApplicationRecord, FeatureCodeRow } from './store';
import { RecordingOps } from './recording-ops';

interface AnnouncementRow {
  id: string;
  company_id: string;
  name: string;
  afterwards: AnnouncementAfterwards;
  duration_ms: number;
  created_at: string;
  updated_at: string;
}

interface ApplicationRow {
  id: string;
  company_id: string;
  name: string;
  sip_uri: string;
  created_at: string;
  updated_at: string;
}

const ANNOUNCEMENT_COLUMNS = 'id, company_id, name, afterwards, duration_ms, created_at, updated_at';

function announcementFromRow(row: AnnouncementRow): AnnouncementRecord {
  return {
    id: row.id,
    companyId: row.company_id,
    name: row.name,
    afterwards: row.afterwards,
    durationMs: row.duration_ms,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function applicationFromRow(row: ApplicationRow): ApplicationRecord {
  return { id: row.id, companyId: row.company_id, name: row.name, sipUri: row.sip_uri, createdAt: row.created_at, updatedAt: row.updated_at };
}

export abstract class DestinationOps extends RecordingOps {
  async listAnnouncements(companyId: string): Promise<AnnouncementRecord[]> {
    return (await this.all<AnnouncementRow>(`SELECT ${ANNOUNCEMENT_COLUMNS} FROM announcements WHERE company_id = ? ORDER BY name COLLATE NOCASE`, companyId)).map(announcementFromRow);
  }
  async getAnnouncement(id: string): Promise<AnnouncementRecord | null> {
    const row = await this.one<AnnouncementRow>(`SELECT ${ANNOUNCEMENT_COLUMNS} FROM announcements WHERE id = ?`, id);
    return row ? announcementFromRow(row) : null;
  }
  async getAnnouncementAudio(id: string): Promise<Buffer | null> {
    return (await this.one<{ audio: Buffer }>('SELECT audio FROM announcements WHERE id = ?', id))?.audio ?? null;
  }
  async insertAnnouncement(a: AnnouncementRecord, audio: Buffer): Promise<void> {
    await this.run(
      'INSERT INTO announcements (id, company_id, name, afterwards, audio, duration_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      a.id,
      a.companyId,
      a.name,
      a.afterwards,
      audio,
      a.durationMs,
      a.createdAt,
      a.updatedAt,
    );
  }
  async updateAnnouncement(a: AnnouncementRecord, audio: Buffer | null): Promise<void> {
    await this.run('UPDATE announcements SET name = ?, afterwards = ?, duration_ms = ?, updated_at = ? WHERE id = ?', a.name, a.afterwards, a.durationMs, a.updatedAt, a.id);
    if (audio) await this.run('UPDATE announcements SET audio = ? WHERE id = ?', audio, a.id);
  }
  async deleteAnnouncement(id: string): Promise<void> {
    await this.run('DELETE FROM announcements WHERE id = ?', id);
  }

  async listApplications(companyId: string): Promise<ApplicationRecord[]> {
    return (await this.all<ApplicationRow>('SELECT * FROM applications WHERE company_id = ? ORDER BY name COLLATE NOCASE', companyId)).map(applicationFromRow);
  }
  async getApplication(id: string): Promise<ApplicationRecord | null> {
    const row = await this.one<ApplicationRow>('SELECT * FROM applications WHERE id = ?', id);
    return row ? applicationFromRow(row) : null;
  }
  async insertApplication(a: ApplicationRecord): Promise<void> {
    await this.run(
      'INSERT INTO applications (id, company_id, name, sip_uri, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      a.id,
      a.companyId,
      a.name,
      a.sipUri,
      a.createdAt,
      a.updatedAt,
    );
  }
  async updateApplication(a: ApplicationRecord): Promise<void> {
    await this.run('UPDATE applications SET name = ?, sip_uri = ?, updated_at = ? WHERE id = ?', a.name, a.sipUri, a.updatedAt, a.id);
  }
  async deleteApplication(id: string): Promise<void> {
    await this.run('DELETE FROM applications WHERE id = ?', id);
  }

  async listFeatureCodes(companyId: string): Promise<FeatureCodeRow[]> {
    return await this.all<FeatureCodeRow>('SELECT action, code FROM company_feature_codes WHERE company_id = ? ORDER BY action', companyId);
  }
  async setFeatureCode(companyId: string, row: FeatureCodeRow): Promise<void> {
    await this.run(
      'INSERT INTO company_feature_codes (company_id, action, code) VALUES (?, ?, ?) ON CONFLICT (company_id, action) DO UPDATE SET code = excluded.code',
      companyId,
      row.action,
      row.code,
    );
  }
}
