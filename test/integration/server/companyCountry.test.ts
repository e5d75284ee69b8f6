/**
 * Issue 13: the company's country, chosen in the admin's company panel, is where national
 * numbers typed afterwards are read (users' numbers, queue numbers); an unknown country is
 * refused naming the field, and one company's country never changes how another's are read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../../src/shared/model';
import { startTestServer, type TestServer } from '../../support/server';

describe('profile server: the company country', () => {
  let server: TestServer;
  let admin: string;
  let globexAdmin: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signIn('admin');
    globexAdmin = await server.signIn('globexadmin');
  });
  afterAll(async () => {
    await server.stop();
  });

  const patchCompany = (token: string, body: unknown) => server.api('/api/v1/admin/company', { method: 'PATCH', token, body });
  const setMobile = async (token: string, userId: string, mobile: string) =>
    User.parse(await (await server.api(`/api/v1/admin/users/${userId}`, { method: 'PATCH', token, body: { numbers: { mobile } } })).json());

  it('reads national numbers typed after the change in the chosen country; refuses a country it cannot read', async () => {
    const dave = server.company.users.dave?.id as string;
    const olga = server.otherCompany.users.olga?.id as string;
    // Sweden by default.
    expect((await setMobile(admin, dave, '070-555 11 22')).numbers.mobile).toBe('+46705551122');

    expect((await patchCompany(admin, { country: 'GB' })).status).toBe(200);
    expect(((await (await server.api('/api/v1/admin/company', { token: admin })).json()) as { settings: { country: string } }).settings.country).toBe('GB');
    expect((await setMobile(admin, dave, '07700 900123')).numbers.mobile).toBe('+447700900123');
    // Globex still reads in Sweden.
    expect((await setMobile(globexAdmin, olga, '070-555 33 44')).numbers.mobile).toBe('+46705553344');

    const unknown = await patchCompany(admin, { country: 'XX' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ details: { field: 'country' }, text: { key: 'error.countryUnknown', params: { country: 'XX' } } });
    expect((await patchCompany(admin, { country: 'sweden' })).status).toBe(400);
    expect(((await (await server.api('/api/v1/admin/company', { token: admin })).json()) as { settings: { country: string } }).settings.country).toBe('GB');
    expect((await patchCompany(admin, { country: 'SE' })).status).toBe(200);
  });
});
