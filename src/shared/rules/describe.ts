/**
 * A profile in plain sentences, for the profile details screen and the template editor
 * ("Calls to your landline go to voicemail.", "You are paused in all queues.").
 *
 * Decisions:
 * - The routing sentences are derived from `decideIncomingCall` for an idle phone, not from
 *   the raw routing fields, so the text says what will really happen (e.g. a not-available
 *   profile's softphone leg is not mentioned because it will not ring).
 * - Called-number types that end up the same are grouped: one "Calls …" sentence when all
 *   agree, else the odd one out first and "Other calls …" for the rest.
 * - Phrases are kept as (verb, rest) pairs so Swedish word order after an adverbial (V2:
 *   "Efter 20 sekunder utan svar går samtalen till röstbrevlådan") comes out right.
 * - Numbers are shown as stored; names of messages and applications use their labels.
 */
import type {
  CalledNumberType,
  CallerIdChoice,
  Device,
  Profile,
  RingLeg,
  Target,
} from '../model/profile';
import type { CallAction } from './incoming';
import { decideIncomingCall } from './incoming';
import { formatDuration } from '../duration';

export type DescribeLanguage = 'en' | 'sv';
type Phrase = { verb: string; rest: string };

const sentence = (...parts: string[]): string => `${parts.filter((p) => p.length > 0).join(' ')}.`;

const deviceNames: Record<DescribeLanguage, Record<Device, string>> = {
  en: { softphone: 'your softphone', mobile: 'your mobile', deskphone: 'your desk phone' },
  sv: { softphone: 'din softphone', mobile: 'din mobil', deskphone: 'din bordstelefon' },
};

function joinWithAnd(items: string[], lang: DescribeLanguage): string {
  const and = lang === 'en' ? 'and' : 'och';
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

function seconds(n: number, lang: DescribeLanguage): string {
  if (lang === 'en') return `${n} ${n === 1 ? 'second' : 'seconds'}`;
  return `${n} ${n === 1 ? 'sekund' : 'sekunder'}`;
}

function ringPhrase(legs: readonly RingLeg[], lang: DescribeLanguage): Phrase {
  const byDelay = new Map<number, string[]>();
  for (const leg of [...legs].sort((a, b) => a.delaySeconds - b.delaySeconds)) {
    byDelay.set(leg.delaySeconds, [
      ...(byDelay.get(leg.delaySeconds) ?? []),
      deviceNames[lang][leg.device],
    ]);
  }
  const steps = [...byDelay].map(([delay, devices], index) => {
    const who = joinWithAnd(devices, lang);
    const on = lang === 'sv' ? `på ${who}` : who;
    const when =
      delay === 0
        ? ''
        : lang === 'en'
          ? ` after ${seconds(delay, lang)}`
          : ` efter ${seconds(delay, lang)}`;
    const then = index === 0 ? '' : lang === 'en' ? 'then ' : 'sedan ';
    return `${then}${on}${when}`;
  });
  return { verb: lang === 'en' ? 'ring' : 'ringer', rest: steps.join(', ') };
}

function targetPhrase(target: Exclude<Target, { kind: 'ring' }>, lang: DescribeLanguage): Phrase {
  const en = lang === 'en';
  switch (target.kind) {
    case 'number':
      return en
        ? { verb: 'go', rest: `to ${target.number}` }
        : { verb: 'kopplas', rest: `till ${target.number}` };
    case 'voicemail':
      return en
        ? { verb: 'go', rest: 'to voicemail' }
        : { verb: 'går', rest: 'till röstbrevlådan' };
    case 'message':
      if (target.label)
        return en
          ? { verb: 'get', rest: `the message “${target.label}”` }
          : { verb: 'får', rest: `meddelandet ”${target.label}”` };
      return en
        ? { verb: 'get', rest: 'a recorded message' }
        : { verb: 'får', rest: 'ett inspelat meddelande' };
    case 'application':
      if (target.label)
        return en
          ? { verb: 'go', rest: `to the application “${target.label}”` }
          : { verb: 'kopplas', rest: `till applikationen ”${target.label}”` };
      return en
        ? { verb: 'go', rest: 'to an application' }
        : { verb: 'kopplas', rest: 'till en applikation' };
    case 'reject':
      return en ? { verb: 'are', rest: 'declined' } : { verb: 'avvisas', rest: '' };
  }
}

function actionPhrase(action: CallAction, lang: DescribeLanguage): Phrase {
  if (action.kind === 'ring') return ringPhrase(action.legs, lang);
  if (action.kind === 'redirect') return targetPhrase(action.target, lang);
  if (action.status === 486)
    return lang === 'en'
      ? { verb: 'get', rest: 'a busy tone' }
      : { verb: 'får', rest: 'upptagetton' };
  return targetPhrase({ kind: 'reject' }, lang);
}

const subjects: Record<DescribeLanguage, Record<CalledNumberType | 'all' | 'other', string>> = {
  en: {
    all: 'Calls',
    other: 'Other calls',
    landline: 'Calls to your landline',
    mobile: 'Calls to your mobile number',
    internal: 'Internal calls',
  },
  sv: {
    all: 'Samtal',
    other: 'Övriga samtal',
    landline: 'Samtal till ditt fasta nummer',
    mobile: 'Samtal till ditt mobilnummer',
    internal: 'Interna samtal',
  },
};

function routingSentences(profile: Profile, lang: DescribeLanguage): string[] {
  const types: CalledNumberType[] = ['landline', 'mobile', 'internal'];
  const actions = types.map((type) => ({
    type,
    action: decideIncomingCall({
      profile,
      calledNumberType: type,
      viaQueue: null,
      phoneState: 'idle',
    }).now,
  }));
  const key = (a: CallAction): string =>
    JSON.stringify(a.kind === 'ring' ? { ...a, ringSeconds: null } : a);
  const counts = new Map<string, number>();
  for (const { action } of actions) counts.set(key(action), (counts.get(key(action)) ?? 0) + 1);
  const say = (subject: string, action: CallAction): string => {
    const { verb, rest } = actionPhrase(action, lang);
    return sentence(subject, verb, rest);
  };
  const [first] = actions;
  if (first !== undefined && counts.size === 1) return [say(subjects[lang].all, first.action)];
  const majority = [...counts].find(([, count]) => count > 1)?.[0];
  const sentences = actions
    .filter(({ action }) => key(action) !== majority)
    .map(({ type, action }) => say(subjects[lang][type], action));
  const common = actions.find(({ action }) => key(action) === majority);
  if (common !== undefined) sentences.push(say(subjects[lang].other, common.action));
  return sentences;
}

function exceptionSentences(profile: Profile, lang: DescribeLanguage): string[] {
  const en = lang === 'en';
  const decisions = (['landline', 'mobile', 'internal'] as const).map((type) =>
    decideIncomingCall({ profile, calledNumberType: type, viaQueue: null, phoneState: 'idle' }),
  );
  const ringing = decisions.find((d) => d.now.kind === 'ring');
  const out: string[] = [];
  if (ringing !== undefined) {
    if (ringing.noAnswer === null) {
      out.push(
        en
          ? 'Calls ring until the caller hangs up.'
          : 'Samtal ringer tills den som ringer lägger på.',
      );
    } else {
      const { verb, rest } = actionPhrase(ringing.noAnswer.action, lang);
      const after = seconds(ringing.noAnswer.afterSeconds, lang);
      out.push(
        en
          ? sentence(`After ${after} without answer, calls`, verb, rest)
          : sentence(`Efter ${after} utan svar`, verb, 'samtalen', rest),
      );
    }
    if (profile.callWaiting) {
      out.push(
        en
          ? 'When you are in a call, new calls are announced (call waiting).'
          : 'När du är i ett samtal aviseras nya samtal (samtal väntar).',
      );
    } else {
      const { verb, rest } = actionPhrase(ringing.busy, lang);
      out.push(
        en
          ? sentence('When you are in a call, new calls', verb, rest)
          : sentence('När du är i ett samtal', verb, 'nya samtal', rest),
      );
    }
  }
  const [sample] = decisions;
  if (profile.exceptions.unreachable !== null && sample !== undefined) {
    const { verb, rest } = actionPhrase(sample.unreachable, lang);
    out.push(
      en
        ? sentence('When you cannot be reached, calls', verb, rest)
        : sentence('När du inte kan nås', verb, 'samtalen', rest),
    );
  }
  return out;
}

function queueSentences(profile: Profile, lang: DescribeLanguage): string[] {
  const en = lang === 'en';
  const { status, scope, queueIds, devices } = profile.queues;
  const n = queueIds.length;
  const where =
    scope === 'all'
      ? en
        ? 'all queues'
        : 'alla köer'
      : en
        ? `${n} chosen ${n === 1 ? 'queue' : 'queues'}`
        : `${n} ${n === 1 ? 'vald kö' : 'valda köer'}`;
  const out: string[] = [];
  if (status === 'paused')
    out.push(en ? `You are paused in ${where}.` : `Du är pausad i ${where}.`);
  if (status === 'active') out.push(en ? `You are active in ${where}.` : `Du är aktiv i ${where}.`);
  if (status === 'unchanged')
    out.push(
      en
        ? 'You are active in your queues unless you pause them.'
        : 'Du är aktiv i dina köer om du inte pausar dem.',
    );
  if (status !== 'paused' || scope === 'chosen') {
    const who = joinWithAnd(
      devices.map((d) => deviceNames[lang][d]),
      lang,
    );
    out.push(en ? `Queue calls ring ${who}.` : `Kösamtal ringer på ${who}.`);
  }
  return out;
}

function callerIdName(choice: CallerIdChoice, lang: DescribeLanguage): string {
  const en = lang === 'en';
  switch (choice.kind) {
    case 'landline':
      return en ? 'your landline number' : 'ditt fasta nummer';
    case 'mobile':
      return en ? 'your mobile number' : 'ditt mobilnummer';
    case 'company':
      return en ? 'the company number' : 'företagets nummer';
    case 'number':
      return choice.number;
    case 'hidden':
      return en ? 'a hidden number' : 'dolt nummer';
  }
}

function callerIdSentences(profile: Profile, lang: DescribeLanguage): string[] {
  const { softphone, mobile } = profile.callerId;
  const out = [
    lang === 'en'
      ? `You call out with ${callerIdName(softphone, lang)}.`
      : `Du ringer ut med ${callerIdName(softphone, lang)}.`,
  ];
  if (JSON.stringify(softphone) !== JSON.stringify(mobile)) {
    out.push(
      lang === 'en'
        ? `From your mobile, you call out with ${callerIdName(mobile, lang)}.`
        : `Från mobilen ringer du ut med ${callerIdName(mobile, lang)}.`,
    );
  }
  return out;
}

function otherSentences(profile: Profile, lang: DescribeLanguage): string[] {
  const en = lang === 'en';
  const out: string[] = [];
  if (profile.recording) out.push(en ? 'Your calls are recorded.' : 'Dina samtal spelas in.');
  if (profile.standardLengthMinutes !== null) {
    const length = formatDuration(profile.standardLengthMinutes, lang);
    out.push(
      en
        ? `A manual switch to this profile lasts ${length}.`
        : `Ett manuellt byte till profilen gäller i ${length}.`,
    );
  }
  if (profile.triggerWords.length > 0) {
    const words = profile.triggerWords.map((w) => (en ? `“${w}”` : `”${w}”`));
    const list =
      words.length === 1
        ? (words[0] ?? '')
        : `${words.slice(0, -1).join(', ')} ${en ? 'or' : 'eller'} ${words[words.length - 1]}`;
    out.push(
      en
        ? `Calendar events with ${list} in the title switch to this profile.`
        : `Kalenderhändelser med ${list} i titeln byter till profilen.`,
    );
  }
  if (profile.speedDial !== null) {
    out.push(
      en
        ? `Dial ${profile.speedDial} on a desk phone to switch to this profile.`
        : `Slå ${profile.speedDial} på en bordstelefon för att byta till profilen.`,
    );
  }
  return out;
}

export function describeProfile(profile: Profile, lang: DescribeLanguage): string[] {
  const availability =
    profile.availability === 'available'
      ? lang === 'en'
        ? 'You are shown as available.'
        : 'Du visas som tillgänglig.'
      : lang === 'en'
        ? 'You are shown as not available.'
        : 'Du visas som inte tillgänglig.';
  return [
    availability,
    ...routingSentences(profile, lang),
    ...exceptionSentences(profile, lang),
    ...queueSentences(profile, lang),
    ...callerIdSentences(profile, lang),
    ...otherSentences(profile, lang),
  ];
}
