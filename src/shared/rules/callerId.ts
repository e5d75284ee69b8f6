/**
 * The identity presented on outgoing calls (seed 000 "Caller ID", seed 001 "Number display for
 * outgoing calls": one choice for calls from the softphone/landline, one for the mobile).
 *
 * Decisions:
 * - Order: the user's manual pick (an override made while the same profile is in effect, and
 *   still allowed; it applies to calls from every device, as the user chose one identity),
 *   then the profile's choice for the device, then a fallback. A hidden number
 *   is always permitted: withholding one's number needs no authorisation.
 * - The 'landline' choice means the softphone's own number: the user's landline, or their
 *   extension when they have no landline (templates cannot know which users have one). This
 *   is not reported as a fallback.
 * - Whatever is chosen must be in `allowed` (the numbers the company lets this user present);
 *   numbers are compared with `sameNumber` (`../phone.ts`: any usual spelling of the same
 *   number matches), and the presented number is the allowed entry's own spelling.
 * - Fallback: the user's landline, then extension, if allowed; then the first allowed number;
 *   then hidden. `fellBack` is true whenever the result is not what the override or profile
 *   asked for, so the UI can say "your chosen number is not available, calling as …".
 * - Labels come from the allowed entry; an empty label gets a plain English name of its type
 *   (for logs). Screens name a number with `callerIdLabel` (src/shared/callerIdLabel.ts) in the
 *   user's language from its `type`.
 */
import type { CallerIdChoice, Profile } from '../model/profile';
import type { CompanyNumber, NumberType, UserNumbers } from '../model/directory';
import type { CallerIdOverride } from '../model/state';
import { numberKey } from '../phone';

export type PresentedIdentity =
  { kind: 'number'; number: string; label: string; type?: NumberType } | { kind: 'hidden' };

export interface OutgoingCallerIdInput {
  profile: Profile | null;
  override: CallerIdOverride | null;
  numbers: UserNumbers;
  allowed: CompanyNumber[];
  companyMainNumber: string | null;
  device?: 'softphone' | 'mobile';
}

const HIDDEN: PresentedIdentity = { kind: 'hidden' };

const defaultNumberLabels: Record<NumberType, string> = {
  landline: 'Landline',
  mobile: 'Mobile',
  internal: 'Extension',
  queue: 'Queue',
  main: 'Company number',
};

function findAllowed(
  number: string | null,
  allowed: readonly CompanyNumber[],
): CompanyNumber | null {
  if (number === null) return null;
  const wanted = numberKey(number);
  return allowed.find((entry) => numberKey(entry.number) === wanted) ?? null;
}

function identityOf(entry: CompanyNumber): PresentedIdentity {
  return {
    kind: 'number',
    number: entry.number,
    label: entry.label || defaultNumberLabels[entry.type],
    type: entry.type,
  };
}

/** The number a choice stands for, or undefined when the user has no such number. */
function resolveChoice(
  choice: CallerIdChoice,
  input: OutgoingCallerIdInput,
): string | null | undefined {
  switch (choice.kind) {
    case 'hidden':
      return null;
    case 'landline':
      return input.numbers.landline ?? input.numbers.extension ?? undefined;
    case 'mobile':
      return input.numbers.mobile ?? undefined;
    case 'company':
      return input.companyMainNumber ?? undefined;
    case 'number':
      return choice.number;
  }
}

function fallbackIdentity(
  numbers: UserNumbers,
  allowed: readonly CompanyNumber[],
): PresentedIdentity {
  const own =
    findAllowed(numbers.landline, allowed) ?? findAllowed(numbers.extension, allowed) ?? allowed[0];
  return own === undefined ? HIDDEN : identityOf(own);
}

export function outgoingCallerId(
  input: OutgoingCallerIdInput,
): PresentedIdentity & { fellBack: boolean } {
  const { profile, override, allowed } = input;
  let overrideRefused = false;
  if (override !== null && profile !== null && override.profileId === profile.id) {
    if (override.number === null) return { ...HIDDEN, fellBack: false };
    const entry = findAllowed(override.number, allowed);
    if (entry !== null) return { ...identityOf(entry), fellBack: false };
    overrideRefused = true;
  }

  const device = input.device ?? 'softphone';
  const choice: CallerIdChoice = profile?.callerId[device] ?? {
    kind: device === 'mobile' ? 'mobile' : 'landline',
  };
  const wanted = resolveChoice(choice, input);
  if (wanted === null) return { ...HIDDEN, fellBack: overrideRefused };
  const entry = wanted === undefined ? null : findAllowed(wanted, allowed);
  if (entry !== null) return { ...identityOf(entry), fellBack: overrideRefused };
  return { ...fallbackIdentity(input.numbers, allowed), fellBack: true };
}

/** What the PBX asserts: the requested identity if the user may present it, else the fallback. */
export function permittedIdentity(
  requested: string | null,
  allowed: CompanyNumber[],
  fallback: PresentedIdentity,
): PresentedIdentity {
  if (requested === null) return HIDDEN;
  const entry = findAllowed(requested, allowed);
  return entry === null ? fallback : identityOf(entry);
}
