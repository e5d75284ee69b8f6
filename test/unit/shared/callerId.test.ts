import { describe, expect, it } from 'vitest';
import { CompanyNumber, UserNumbers } from '../../../src/shared/model/directory';
import type { CallerIdChoice, Profile } from '../../../src/shared/model/profile';
import type { CallerIdOverride } from '../../../src/shared/model/state';
import type { OutgoingCallerIdInput, PresentedIdentity } from '../../../src/shared/rules/callerId';
import { outgoingCallerId, permittedIdentity } from '../../../src/shared/rules/callerId';
import { numberKey } from '../../../src/shared/phone';
import { makeProfile } from './fixtures';

const landline = CompanyNumber.parse({
  id: 'n1',
  number: '+46812345678',
  type: 'landline',
  label: 'Office',
});
const mobile = CompanyNumber.parse({ id: 'n2', number: '+46701234567', type: 'mobile' });
const main = CompanyNumber.parse({
  id: 'n3',
  number: '+46850000000',
  type: 'main',
  label: 'Switchboard',
});
const extension = CompanyNumber.parse({ id: 'n4', number: '1234', type: 'internal' });
const numbers = UserNumbers.parse({
  extension: '1234',
  landline: '+46812345678',
  mobile: '+46701234567',
});

const choosing = (
  softphone: CallerIdChoice,
  mobileChoice: CallerIdChoice = { kind: 'mobile' },
): Profile => makeProfile('p', { callerId: { softphone, mobile: mobileChoice } });
const pick = (number: string | null, profileId = 'p'): CallerIdOverride => ({
  number,
  profileId,
  setAt: '2026-11-23T10:00:00Z',
});

const input = (overrides: Partial<OutgoingCallerIdInput>): OutgoingCallerIdInput => ({
  profile: choosing({ kind: 'landline' }),
  override: null,
  numbers,
  allowed: [landline, mobile, main],
  companyMainNumber: '+46850000000',
  ...overrides,
});

const asLandline = { kind: 'number', number: '+46812345678', label: 'Office', type: 'landline' } as const;
const asMobile = { kind: 'number', number: '+46701234567', label: 'Mobile', type: 'mobile' } as const;
const asMain = { kind: 'number', number: '+46850000000', label: 'Switchboard', type: 'main' } as const;
const asExtension = { kind: 'number', number: '1234', label: 'Extension', type: 'internal' } as const;

describe('outgoingCallerId', () => {
  it.each<[string, Partial<OutgoingCallerIdInput>, PresentedIdentity & { fellBack: boolean }]>([
    ["the profile's landline choice", {}, { ...asLandline, fellBack: false }],
    [
      'business trip: calling out with the mobile number',
      { profile: choosing({ kind: 'mobile' }) },
      { ...asMobile, fellBack: false },
    ],
    [
      'the company main number',
      { profile: choosing({ kind: 'company' }) },
      { ...asMain, fellBack: false },
    ],
    [
      'an explicit number',
      {
        profile: choosing({ kind: 'number', number: '+46850000000' }),
      },
      { ...asMain, fellBack: false },
    ],
    ['hidden', { profile: choosing({ kind: 'hidden' }) }, { kind: 'hidden', fellBack: false }],
    [
      'the mobile device uses the mobile choice',
      { device: 'mobile', profile: choosing({ kind: 'landline' }, { kind: 'company' }) },
      { ...asMain, fellBack: false },
    ],
    [
      'landline means the extension for a user without a landline',
      { numbers: UserNumbers.parse({ extension: '1234' }), allowed: [extension] },
      { ...asExtension, fellBack: false },
    ],
    ["no profile: the user's landline", { profile: null }, { ...asLandline, fellBack: false }],
    // Fallbacks.
    [
      'choice not allowed: falls back to the landline',
      { profile: choosing({ kind: 'mobile' }), allowed: [landline, main] },
      { ...asLandline, fellBack: true },
    ],
    [
      'the user has no mobile: falls back',
      {
        profile: choosing({ kind: 'mobile' }),
        numbers: UserNumbers.parse({ landline: '+46812345678' }),
      },
      { ...asLandline, fellBack: true },
    ],
    [
      'no company main number: falls back',
      { profile: choosing({ kind: 'company' }), companyMainNumber: null },
      { ...asLandline, fellBack: true },
    ],
    [
      'landline not allowed: the extension',
      { profile: choosing({ kind: 'mobile' }), allowed: [main, extension] },
      { ...asExtension, fellBack: true },
    ],
    [
      "none of the user's own numbers allowed: the first allowed number",
      { profile: choosing({ kind: 'mobile' }), allowed: [main] },
      { ...asMain, fellBack: true },
    ],
    ['nothing allowed: hidden', { allowed: [] }, { kind: 'hidden', fellBack: true }],
    // The user's own pick.
    [
      'an override under the same profile wins',
      { override: pick('+46 70-123 45 67') },
      { ...asMobile, fellBack: false },
    ],
    ['an override to hidden', { override: pick(null) }, { kind: 'hidden', fellBack: false }],
    [
      'an override from another profile is ignored',
      { override: pick('+46701234567', 'other') },
      { ...asLandline, fellBack: false },
    ],
    [
      "an override no longer allowed: the profile's choice, flagged",
      { override: pick('+46999999999') },
      { ...asLandline, fellBack: true },
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(outgoingCallerId(input(overrides))).toEqual(expected);
  });
});

describe('permittedIdentity', () => {
  const fallback: PresentedIdentity = asLandline;
  it.each<[string, string | null, PresentedIdentity]>([
    ['an allowed number', '+46701234567', asMobile],
    ['an allowed number written with 00 and spaces', '0046 70 123 45 67', asMobile],
    ['hidden is always permitted', null, { kind: 'hidden' }],
    ['a number the user may not present: the fallback', '+46999999999', asLandline],
  ])('%s', (_name, requested, expected) => {
    expect(permittedIdentity(requested, [landline, mobile], fallback)).toEqual(expected);
  });
});

describe('numbers are compared by numberKey', () => {
  it.each([
    ['+46 8-123 456 78', '+46812345678'],
    ['0046 (8) 123.456.78', '+46812345678'],
    ['+46 (0)8 123 456 78', '+46812345678'],
    ['1234', '1234'],
  ])('%s -> %s', (raw, expected) => {
    expect(numberKey(raw)).toBe(expected);
  });
});
