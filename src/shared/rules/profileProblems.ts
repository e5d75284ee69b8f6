/**
 * Settings of a profile that cannot take effect (issue 14: "a setting that cannot take effect is
 * explained, not silently stored; errors sit next to their field"). The rules that decide a
 * call (`decideIncomingCall`, `callerIdFor`) quietly ignore these; the editor says so next to
 * the field and the server refuses to store them.
 *
 * Decisions:
 * - Each problem names the field path it belongs to (`routing.any.devices.0`), the same path
 *   notation as the server's field errors (`details.texts`), so one map serves the editor and
 *   the server's answer.
 * - Errors are what the PBX would ignore outright: a softphone or desk phone leg on a
 *   not-available profile (only the mobile rings then), a leg that starts ringing only after the
 *   no-answer rule has moved the call on, the mobile without a mobile number, a presented number
 *   the user may not present (or their mobile number when they have none), "chosen queues" with
 *   none chosen. Warnings are rules that are never used but do no harm (a no-answer rule on a
 *   profile where nothing rings, a routing for calls to a mobile number the user does not have).
 * - Only errors the edit brings in are refused (`newProfileErrors`): profiles applied from a
 *   template before these checks (a mobile leg for users without a mobile) stay editable, and
 *   their problems are shown as warnings until the user fixes them.
 * - What the user's account allows is read from the snapshot: a mobile number is one of the
 *   user's own allowed caller IDs of type `mobile` (snapshot.ts puts it there).
 */
import type { ProfileFields, Target } from '../model/profile';
import type { UserSnapshot } from '../model/state';
import { numberKey } from '../phone';
import { text, type Text } from '../text';

export interface ProfileAccount {
  /** Whether the user has a mobile number (their mobile can ring, present, take queue calls). */
  hasMobile: boolean;
  /** The numbers the user may present; null when not known (templates: no user yet). */
  callerIds: readonly string[] | null;
}

export interface ProfileProblem {
  /** Field path, dot separated (`exceptions.noAnswer.afterSeconds`). */
  path: string;
  rule: ProblemRule;
  severity: 'error' | 'warning';
  text: Text;
}

type ProblemRule =
  | 'notAvailableRings'
  | 'noMobile'
  | 'delayBeyondNoAnswer'
  | 'noAnswerNeverUsed'
  | 'mobileRoutingUnused'
  | 'noQueuesChosen'
  | 'callerIdNotAllowed'
  | 'callerIdNoMobile'
  | 'queueDeviceNoMobile';

/** The account facts the rules need, from the user's snapshot. */
export function profileAccountOf(snapshot: Pick<UserSnapshot, 'userId' | 'allowedCallerIds'>): ProfileAccount {
  return {
    hasMobile: snapshot.allowedCallerIds.some((n) => n.type === 'mobile' && n.userId === snapshot.userId),
    callerIds: snapshot.allowedCallerIds.map((n) => n.number),
  };
}

/** Every target of a profile with its field path; routing targets are the ones no-answer times. */
function targetsWithPaths(fields: ProfileFields): { path: string; target: Target; routing: boolean }[] {
  const out: { path: string; target: Target; routing: boolean }[] = [];
  for (const key of ['any', 'landline', 'internal', 'mobile'] as const) {
    const target = fields.routing[key];
    if (target) out.push({ path: `routing.${key}`, target, routing: true });
  }
  const { busy, noAnswer, unreachable } = fields.exceptions;
  if (busy) out.push({ path: 'exceptions.busy', target: busy, routing: false });
  if (noAnswer) out.push({ path: 'exceptions.noAnswer.target', target: noAnswer.target, routing: false });
  if (unreachable) out.push({ path: 'exceptions.unreachable', target: unreachable, routing: false });
  return out;
}

const deviceText = (device: string): Text => text(device === 'mobile' ? 'device.mobile' : device === 'deskphone' ? 'device.deskphone' : 'device.softphone');

function legProblems(fields: ProfileFields, account: ProfileAccount): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const after = fields.exceptions.noAnswer?.afterSeconds ?? null;
  for (const { path, target, routing } of targetsWithPaths(fields)) {
    if (target.kind !== 'ring') continue;
    target.devices.forEach((leg, index) => {
      const legPath = `${path}.devices.${index}`;
      const device = deviceText(leg.device);
      if (leg.device !== 'mobile' && fields.availability === 'not_available') {
        problems.push({ path: legPath, rule: 'notAvailableRings', severity: 'error', text: text('profile.problem.notAvailableRings', { device }) });
      } else if (leg.device === 'mobile' && !account.hasMobile) {
        problems.push({ path: legPath, rule: 'noMobile', severity: 'error', text: text('profile.problem.noMobile') });
      } else if (routing && after !== null && leg.delaySeconds >= after) {
        problems.push({
          path: `${legPath}.delaySeconds`,
          rule: 'delayBeyondNoAnswer',
          severity: 'error',
          text: text('profile.problem.delayBeyondNoAnswer', { device, delay: leg.delaySeconds, after }),
        });
      }
    });
  }
  return problems;
}

/** Whether calls routed by this profile ring one of the user's devices (what no-answer times). */
function somethingRings(fields: ProfileFields, account: ProfileAccount): boolean {
  return targetsWithPaths(fields).some(
    ({ target, routing }) =>
      routing &&
      target.kind === 'ring' &&
      target.devices.some((leg) => (leg.device === 'mobile' ? account.hasMobile : fields.availability === 'available')),
  );
}

function callerIdProblems(fields: ProfileFields, account: ProfileAccount): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const choices = [['callerId.softphone', fields.callerId.softphone]] as const;
  const mobileChoice = account.hasMobile ? ([['callerId.mobile', fields.callerId.mobile]] as const) : [];
  for (const [path, choice] of [...choices, ...mobileChoice]) {
    if (choice.kind === 'mobile' && !account.hasMobile) {
      problems.push({ path, rule: 'callerIdNoMobile', severity: 'error', text: text('profile.problem.callerIdNoMobile') });
    }
    if (choice.kind === 'number' && account.callerIds !== null) {
      const wanted = numberKey(choice.number);
      if (!account.callerIds.some((n) => numberKey(n) === wanted)) {
        problems.push({ path: `${path}.number`, rule: 'callerIdNotAllowed', severity: 'error', text: text('profile.problem.callerIdNotAllowed', { number: choice.number }) });
      }
    }
  }
  return problems;
}

/** Every setting of `fields` that cannot take effect for this account, errors and warnings. */
export function profileProblems(fields: ProfileFields, account: ProfileAccount): ProfileProblem[] {
  const problems = [...legProblems(fields, account), ...callerIdProblems(fields, account)];
  if (fields.exceptions.noAnswer !== null && !somethingRings(fields, account)) {
    problems.push({ path: 'exceptions.noAnswer', rule: 'noAnswerNeverUsed', severity: 'warning', text: text('profile.problem.noAnswerNeverUsed') });
  }
  if (fields.routing.mobile !== undefined && !account.hasMobile) {
    problems.push({ path: 'routing.mobile', rule: 'mobileRoutingUnused', severity: 'warning', text: text('profile.problem.mobileRoutingUnused') });
  }
  const { queues } = fields;
  if (queues.status !== 'unchanged' && queues.scope === 'chosen' && queues.queueIds.length === 0) {
    problems.push({ path: 'queues.queueIds', rule: 'noQueuesChosen', severity: 'error', text: text('profile.problem.noQueuesChosen') });
  }
  if (queues.devices.includes('mobile') && !account.hasMobile) {
    problems.push({ path: 'queues.devices', rule: 'queueDeviceNoMobile', severity: 'error', text: text('profile.problem.noMobile') });
  }
  return problems;
}

const problemKey = (problem: ProfileProblem): string => `${problem.rule}@${problem.path}`;

/**
 * The errors an edit brings in, by field path: those of `after` that `before` (the stored
 * profile, null for a new one) did not already have. This is what the server refuses.
 */
export function newProfileErrors(before: ProfileFields | null, after: ProfileFields, account: ProfileAccount): Record<string, Text> {
  const existing = new Set(before === null ? [] : profileProblems(before, account).filter((p) => p.severity === 'error').map(problemKey));
  const errors: Record<string, Text> = {};
  for (const problem of profileProblems(after, account)) {
    if (problem.severity === 'error' && !existing.has(problemKey(problem))) errors[problem.path] ??= problem.text;
  }
  return errors;
}

type Issue = { path: readonly PropertyKey[]; code?: string };

/** The words for a field the profile schema refused, by its path (never the schema's English). */
function schemaText(path: string): Text {
  const last = path.split('.').pop() ?? '';
  if (path === 'name') return text('profile.problem.name');
  if (path === 'speedDial') return text('profile.problem.speedDial');
  if (path === 'priority') return text('profile.problem.priority');
  if (path === 'standardLengthMinutes') return text('profile.problem.standardLength');
  if (path === 'exceptions.noAnswer.afterSeconds') return text('profile.problem.noAnswerAfter');
  if (path.startsWith('triggerWords')) return text('profile.problem.triggerWord');
  if (last === 'number') return text('profile.problem.number');
  if (last === 'messageId') return text('profile.problem.messagePick');
  if (last === 'applicationId') return text('profile.problem.applicationPick');
  if (last === 'delaySeconds') return text('profile.problem.delay');
  return text('profile.problem.invalid');
}

/** What the profile schema refused, one text per field path, in the user's words. */
export function profileSchemaErrors(issues: readonly Issue[]): Record<string, Text> {
  const errors: Record<string, Text> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    errors[path] ??= schemaText(path);
  }
  return errors;
}
