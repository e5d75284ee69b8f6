/**
 * Feature codes (issue 11): a profile's speed dial (`*41`) and the company's code table must
 * never mean two things to the one who dials. Speed dials are unique within a user's profiles
 * (and within a template, whose profiles become a user's), and none is one of the company's
 * codes. Messages in the seeds' form validation style: the field, what is wrong, how to fix it.
 */
import type { CompanyCodeAction, CompanyCodes, ProfileFields, Target } from '../model';
import { text, type Text } from '../text';

/** Every routing target of a profile (per called-number type and in its exceptions). */
export function targetsOf(fields: Pick<ProfileFields, 'routing' | 'exceptions'>): Target[] {
  const { routing, exceptions } = fields;
  return [routing.any, routing.landline, routing.internal, routing.mobile, exceptions.busy, exceptions.noAnswer?.target, exceptions.unreachable].filter(
    (target): target is Target => target != null,
  );
}

/** The company code action `code` stands for, or null. */
export function companyCodeAction(codes: CompanyCodes, code: string): CompanyCodeAction | null {
  const found = (Object.keys(codes) as CompanyCodeAction[]).find((action) => codes[action] === code);
  return found ?? null;
}

export interface SpeedDialProblem {
  /** Index of the profile in the list checked. */
  index: number;
  message: string;
  text: Text;
}

/**
 * What is wrong with the speed dials of `profiles` (a user's, or a template's) given the
 * company's codes: a code used twice, or one that is a company code.
 */
export function speedDialProblems(profiles: readonly Pick<ProfileFields, 'name' | 'speedDial'>[], codes: CompanyCodes): SpeedDialProblem[] {
  const problems: SpeedDialProblem[] = [];
  profiles.forEach((profile, index) => {
    const code = profile.speedDial;
    if (code === null) return;
    const action = companyCodeAction(codes, code);
    if (action !== null) {
      problems.push({
        index,
        message: `Speed dial ${code} is the company's code to ${COMPANY_CODE_WORDS[action]}. Choose another speed dial.`,
        text: text('validation.speedDialCompanyCode', { code, action: text(`codes.action.${action}`) }),
      });
      return;
    }
    const first = profiles.findIndex((other) => other.speedDial === code);
    if (first !== index) {
      const other = profiles[first]!.name;
      problems.push({
        index,
        message: `Speed dial ${code} is already used by the profile ${other}. Speed dials must be unique.`,
        text: text('validation.speedDialTaken', { code, profile: other }),
      });
    }
  });
  return problems;
}

/** The company codes that are used twice in the table itself. */
export function duplicateCompanyCodes(codes: CompanyCodes): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const code of Object.values(codes)) {
    if (code === null) continue;
    if (seen.has(code)) twice.add(code);
    seen.add(code);
  }
  return [...twice];
}

const COMPANY_CODE_WORDS: Record<CompanyCodeAction, string> = {
  queuesPause: 'pause all queues',
  queuesResume: 'resume all queues',
  defaultProfile: 'go back to the default profile',
  listenVoicemail: 'listen to voicemail',
};
