/**
 * The company's feature code table (issue 11: pause / resume all queues, back to the default
 * profile), the admin's, stored per company over defaults; and the rule that codes never mean
 * two things: speed dials are unique within a user's profiles and within a template, and none
 * is one of the company's codes. Dialling a code: feature-codes.ts.
 */
import { audit } from './audit';
import {
  COMPANY_CODE_ACTIONS,
  CompanyCodes,
  DEFAULT_COMPANY_CODES,
  type CompanyCodeAction,
  type ProfileFields,
} from '../../shared/model';
import { duplicateCompanyCodes, speedDialProblems } from '../../shared/rules';
import { text } from '../../shared/text';
import type { StoreReader } from '../db/store';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { conflict, invalid } from './errors';

/** The company's codes: its changes over the defaults. */
export async function companyCodes(reader: StoreReader, companyId: string): Promise<CompanyCodes> {
  const codes: CompanyCodes = { ...DEFAULT_COMPANY_CODES };
  for (const row of await reader.listFeatureCodes(companyId)) {
    if ((COMPANY_CODE_ACTIONS as readonly string[]).includes(row.action)) codes[row.action as CompanyCodeAction] = row.code;
  }
  return codes;
}

/** Every speed dial in the company (users' profiles and templates) with whose it is. */
async function speedDialsInCompany(reader: StoreReader, companyId: string): Promise<{ code: string; profile: string; owner: string }[]> {
  const found: { code: string; profile: string; owner: string }[] = [];
  for (const user of await reader.listUsers(companyId)) {
    for (const p of await reader.listProfiles(user.id)) if (p.fields.speedDial) found.push({ code: p.fields.speedDial, profile: p.fields.name, owner: `${user.firstName} ${user.lastName}` });
  }
  for (const template of await reader.listTemplates(companyId)) {
    for (const p of template.profiles) if (p.speedDial) found.push({ code: p.speedDial, profile: p.name, owner: template.name });
  }
  return found;
}

/** Replaces the company's codes; refused (nothing stored) when a code is used twice or is someone's speed dial. */
export async function setCompanyCodes(ctx: ServerContext, caller: Caller, input: CompanyCodes): Promise<CompanyCodes> {
  const codes = CompanyCodes.parse(input);
  const twice = duplicateCompanyCodes(codes);
  if (twice.length > 0) {
    throw invalid(`codes: Code ${twice[0]} is used for two actions. Each code must be unique.`, { field: 'codes' }, text('validation.companyCodeTwice', { code: twice[0]! }));
  }
  return ctx.store.write(async (tx) => {
    const before = await companyCodes(tx, caller.company.id);
    const changed = COMPANY_CODE_ACTIONS.filter((action) => codes[action] !== before[action]).map((action) => codes[action]);
    const clash = (await speedDialsInCompany(tx, caller.company.id)).find((dial) => changed.includes(dial.code));
    if (clash) {
      throw conflict(
        `codes: Code ${clash.code} is the speed dial of the profile ${clash.profile} (${clash.owner}). Choose another code.`,
        { field: 'codes' },
        text('validation.companyCodeUsed', { code: clash.code, profile: clash.profile, owner: clash.owner }),
      );
    }
    for (const action of COMPANY_CODE_ACTIONS) await tx.setFeatureCode(caller.company.id, { action, code: codes[action] });
    const changes = Object.fromEntries(COMPANY_CODE_ACTIONS.filter((action) => codes[action] !== before[action]).map((action) => [action, { from: before[action], to: codes[action] }]));
    await audit(ctx, tx, caller, 'codes.set', { kind: 'codes', id: null, name: caller.company.name }, changes);
    return codes;
  });
}

/**
 * Refuses (400, the seeds' style) profiles whose speed dials clash: `profiles` is a template's
 * or a user's full list; `only` limits the check to the profiles at those positions (the one a
 * user edits: clashes elsewhere were someone else's change).
 */
export async function checkSpeedDials(
  reader: StoreReader,
  companyId: string,
  profiles: readonly Pick<ProfileFields, 'name' | 'speedDial'>[],
  only?: number,
): Promise<void> {
  const problems = speedDialProblems(profiles, await companyCodes(reader, companyId)).filter((p) => only === undefined || p.index === only);
  const first = problems[0];
  if (first) throw invalid(`speedDial: ${first.message}`, { field: 'speedDial', profile: first.index }, first.text);
}

