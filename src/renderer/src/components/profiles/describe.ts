import type { Language, Profile } from '../../../../shared/model';
import { describeProfile } from '../../../../shared/rules/describe';

/** The profile's rules in sentences people understand, from the shared rules (same as the server's). */
export function describeProfileLines(profile: Profile, language: Language): string[] {
  return describeProfile(profile, language);
}
