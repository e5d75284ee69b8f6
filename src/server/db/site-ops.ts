/** The Store port's statements for a company's sites (issue 13, migration 016). */
import type { SiteRecord } from './store';
import { Statements } from './statements';

interface SiteRow {
  id: string;
  company_id: string;
  name: string;
  code: string | null;
  created_at: string;
}

const siteFromRow = (row: SiteRow): SiteRecord => ({ id: row.id, companyId: row.company_id, name: row.name, code: row.code, createdAt: row.created_at });

export abstract class SiteOps extends Statements {
  async listSites(companyId: string): Promise<SiteRecord[]> {
    return (await this.all<SiteRow>('SELECT * FROM sites WHERE company_id = ? ORDER BY lower(name), id', companyId)).map(siteFromRow);
  }
  async getSite(id: string): Promise<SiteRecord | null> {
    const row = await this.one<SiteRow>('SELECT * FROM sites WHERE id = ?', id);
    return row ? siteFromRow(row) : null;
  }
  async countUsersBySite(companyId: string): Promise<Map<string, number>> {
    const rows = await this.all<{ site_id: string; n: number }>(
      'SELECT site_id, COUNT(*) AS n FROM users WHERE company_id = ? AND site_id IS NOT NULL GROUP BY site_id',
      companyId,
    );
    return new Map(rows.map((row) => [row.site_id, row.n]));
  }
  async insertSite(site: SiteRecord): Promise<void> {
    await this.run('INSERT INTO sites (id, company_id, name, code, created_at) VALUES (?, ?, ?, ?, ?)', site.id, site.companyId, site.name, site.code, site.createdAt);
  }
  async updateSite(site: SiteRecord): Promise<void> {
    await this.run('UPDATE sites SET name = ?, code = ? WHERE id = ?', site.name, site.code, site.id);
  }
  async deleteSite(id: string): Promise<void> {
    await this.run('DELETE FROM sites WHERE id = ?', id);
  }
}
