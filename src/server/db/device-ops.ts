/** The Store port's statements for users' desk phones (table `devices`, migration 006). */
import type { DeviceRecord } from './store';
import { DestinationOps } from './destination-ops';

interface DeviceRow {
  id: string;
  company_id: string;
  user_id: string;
  kind: 'deskphone';
  sip_user: string;
  label: string;
  realm: string;
  ha1: string;
  created_at: string;
  password_set_at: string;
}

function deviceFromRow(row: DeviceRow): DeviceRecord {
  return {
    id: row.id,
    companyId: row.company_id,
    userId: row.user_id,
    kind: row.kind,
    sipUser: row.sip_user,
    label: row.label,
    realm: row.realm,
    ha1: row.ha1,
    createdAt: row.created_at,
    passwordSetAt: row.password_set_at,
  };
}

export abstract class DeviceOps extends DestinationOps {
  async listDevices(userId: string): Promise<DeviceRecord[]> {
    return (await this.all<DeviceRow>('SELECT * FROM devices WHERE user_id = ? ORDER BY created_at, rowid', userId)).map(deviceFromRow);
  }
  async getDevice(id: string): Promise<DeviceRecord | null> {
    const row = await this.one<DeviceRow>('SELECT * FROM devices WHERE id = ?', id);
    return row ? deviceFromRow(row) : null;
  }
  async findDeviceBySipUser(sipUser: string): Promise<DeviceRecord | null> {
    const row = await this.one<DeviceRow>('SELECT * FROM devices WHERE sip_user = ?', sipUser);
    return row ? deviceFromRow(row) : null;
  }
  async insertDevice(d: DeviceRecord): Promise<void> {
    await this.run(
      'INSERT INTO devices (id, company_id, user_id, kind, sip_user, label, realm, ha1, created_at, password_set_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      d.id,
      d.companyId,
      d.userId,
      d.kind,
      d.sipUser,
      d.label,
      d.realm,
      d.ha1,
      d.createdAt,
      d.passwordSetAt,
    );
  }
  async updateDevice(d: DeviceRecord): Promise<void> {
    await this.run('UPDATE devices SET label = ?, realm = ?, ha1 = ?, password_set_at = ? WHERE id = ?', d.label, d.realm, d.ha1, d.passwordSetAt, d.id);
  }
  async deleteDevice(id: string): Promise<void> {
    await this.run('DELETE FROM devices WHERE id = ?', id);
  }
}
