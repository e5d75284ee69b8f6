import type { CompanyDestinations, Language, Profile, Target } from '../../../../shared/model';
import { describeProfile } from '../../../../shared/rules/describe';

/** A message or application target with the name it has now (an admin may have renamed it). */
function named(target: Target | null, destinations: CompanyDestinations | null): Target | null {
  if (!target || !destinations) return target;
  if (target.kind === 'message') {
    const found = destinations.announcements.find((a) => a.id === target.messageId);
    return found ? { ...target, label: found.name } : target;
  }
  if (target.kind === 'application') {
    const found = destinations.applications.find((a) => a.id === target.applicationId);
    return found ? { ...target, label: found.name } : target;
  }
  return target;
}

/** The profile with its messages' and applications' current names in their labels. */
function withCurrentNames(profile: Profile, destinations: CompanyDestinations | null): Profile {
  if (!destinations) return profile;
  const { routing, exceptions } = profile;
  return {
    ...profile,
    routing: {
      any: named(routing.any, destinations)!,
      ...(routing.landline ? { landline: named(routing.landline, destinations)! } : {}),
      ...(routing.internal ? { internal: named(routing.internal, destinations)! } : {}),
      ...(routing.mobile ? { mobile: named(routing.mobile, destinations)! } : {}),
    },
    exceptions: {
      busy: named(exceptions.busy, destinations),
      noAnswer: exceptions.noAnswer && { ...exceptions.noAnswer, target: named(exceptions.noAnswer.target, destinations)! },
      unreachable: named(exceptions.unreachable, destinations),
    },
  };
}

/** The profile's rules in sentences people understand, from the shared rules (same as the server's). */
export function describeProfileLines(profile: Profile, language: Language, destinations: CompanyDestinations | null = null): string[] {
  return describeProfile(withCurrentNames(profile, destinations), language);
}
