import type { Language, Profile } from '../../../../shared/model';

/** Temporary until the shared `describeProfile` lands; replaced by a re-export. */
export function describeProfileLines(profile: Profile, _language: Language): string[] {
  return [profile.availability === 'available' ? 'Calls ring as usual.' : 'You are not available.'];
}
