/**
 * Desk phones (issue 10 "Devices"): an admin provisions a desk phone for a user of their own
 * company. Each desk phone gets its own SIP account (`desk-xxxxxxxx`, in the same namespace as
 * users' SIP names), registered as its own address of record, so the PBX knows which device is
 * which and rings desk phones only when the user's profile says so (pbx-answers.ts). The
 * generated password is returned once; only its digest HA1 for the realm is stored, which is all
 * the PBX asks for. Rotating replaces it at once: the old password stops working for the next
 * REGISTER or INVITE.
 */
import { audit, userSubject } from './audit';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DeskPhone, DeskPhoneCredentials } from '../../shared/server-api';
import { realmOf } from '../config';
import { UniqueViolationError, type DeviceRecord, type StoreReader } from '../db/store';
import { md5, randomPassword } from '../security/secrets';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { notFound } from './errors';
import { userOfCompany } from './users-admin';

const SIP_USER_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const PASSWORD_LENGTH = 20;

/** `desk-` and 8 characters a person can read off a screen and type into a phone's keypad menu. */
function newSipUser(): string {
  const bytes = randomBytes(8);
  let id = '';
  for (const byte of bytes) id += SIP_USER_ALPHABET[byte % SIP_USER_ALPHABET.length];
  return `desk-${id}`;
}

function toDeskPhone(device: DeviceRecord): DeskPhone {
  return {
    id: device.id,
    userId: device.userId,
    sipUser: device.sipUser,
    label: device.label,
    createdAt: device.createdAt,
    passwordSetAt: device.passwordSetAt,
  };
}

function credentials(ctx: ServerContext, device: DeviceRecord, password: string): DeskPhoneCredentials {
  return {
    device: toDeskPhone(device),
    password,
    domain: ctx.config.sipDomain,
    realm: device.realm,
    pbxAddress: ctx.config.pbxSipAddress,
    transport: ctx.config.pbxSipTransport,
  };
}

function secretFor(ctx: ServerContext, sipUser: string): { password: string; realm: string; ha1: string } {
  const password = randomPassword(PASSWORD_LENGTH);
  const realm = realmOf(ctx.config);
  return { password, realm, ha1: md5(`${sipUser}:${realm}:${password}`) };
}

/** A desk phone of `userId`, who must be a user of the caller's company; anything else is not found. */
async function deviceOfUser(reader: StoreReader, caller: Caller, userId: string, deviceId: string): Promise<DeviceRecord> {
  await userOfCompany(reader, caller, userId);
  const device = await reader.getDevice(deviceId);
  if (!device || device.userId !== userId || device.companyId !== caller.company.id) throw notFound('device');
  return device;
}

export async function listDeskPhones(ctx: ServerContext, caller: Caller, userId: string): Promise<DeskPhone[]> {
  await userOfCompany(ctx.store, caller, userId);
  return (await ctx.store.listDevices(userId)).map(toDeskPhone);
}

export async function createDeskPhone(ctx: ServerContext, caller: Caller, userId: string, label: string): Promise<DeskPhoneCredentials> {
  for (let attempt = 0; ; attempt++) {
    const sipUser = newSipUser();
    const secret = secretFor(ctx, sipUser);
    const at = ctx.now().toISOString();
    try {
      const device = await ctx.store.write(async (tx) => {
        const user = await userOfCompany(tx, caller, userId);
        // One namespace with users' SIP names: a clash is as unlikely as it is retried.
        if (await tx.findUserBySipUser(sipUser)) throw new UniqueViolationError('sipUser');
        const record: DeviceRecord = {
          id: randomUUID(),
          companyId: user.companyId,
          userId: user.id,
          kind: 'deskphone',
          sipUser,
          label,
          realm: secret.realm,
          ha1: secret.ha1,
          createdAt: at,
          passwordSetAt: at,
        };
        await tx.insertDevice(record);
        await audit(ctx, tx, caller, 'devices.create', userSubject(user), { device: label, sipUser });
        return record;
      });
      return credentials(ctx, device, secret.password);
    } catch (error) {
      if (!(error instanceof UniqueViolationError) || attempt >= 4) throw error;
    }
  }
}

/** A new password, returned once; the old one is refused from the next request on. */
export async function rotateDeskPhone(ctx: ServerContext, caller: Caller, userId: string, deviceId: string): Promise<DeskPhoneCredentials> {
  return ctx.store.write(async (tx) => {
    const device = await deviceOfUser(tx, caller, userId, deviceId);
    const secret = secretFor(ctx, device.sipUser);
    const updated: DeviceRecord = { ...device, realm: secret.realm, ha1: secret.ha1, passwordSetAt: ctx.now().toISOString() };
    await tx.updateDevice(updated);
    await audit(ctx, tx, caller, 'devices.rotate', userSubject(await userOfCompany(tx, caller, userId)), { device: device.label, sipUser: device.sipUser });
    return credentials(ctx, updated, secret.password);
  });
}

export async function deleteDeskPhone(ctx: ServerContext, caller: Caller, userId: string, deviceId: string): Promise<void> {
  await ctx.store.write(async (tx) => {
    const device = await deviceOfUser(tx, caller, userId, deviceId);
    await tx.deleteDevice(device.id);
    await audit(ctx, tx, caller, 'devices.delete', userSubject(await userOfCompany(tx, caller, userId)), { device: device.label, sipUser: device.sipUser });
  });
}
