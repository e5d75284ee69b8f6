/**
 * The built-in profile templates every company starts with (seed 000: "By default, there are
 * already a few different sets of templates"; admins clone one to make their own).
 *
 * Decisions:
 * - Three sets for three kinds of users: "Office" (desk worker with a mobile), "Support
 *   agent" (queue-centric, recorded, presents the company number) and "Mobile first" (the
 *   mobile is the main phone). The first profile of each set is its default.
 * - Priorities are distinct within a set and ordered by how exceptional the situation is:
 *   sick < holiday < out of office < meeting < lunch < away < available, so a calendar
 *   "Holiday" beats a "Meeting" on the same day and anything beats plain availability.
 * - Every field is written out, typed as the schema's output, so nothing is left to defaults
 *   and the compiler says when the schema grows a field. Caller-ID choices are relative
 *   (landline/mobile/company) because a template cannot know a user's numbers.
 * - Trigger words are English and Swedish, the two languages the product speaks.
 * - Each call builds fresh objects, so callers may mutate what they get.
 */
import type {
  CallerIdChoice,
  Exceptions,
  ProfileFields,
  QueuePolicy,
  RingLeg,
  Target,
} from '../model/profile';

export type TemplateProfile = ProfileFields & { key: string };
export interface BuiltInTemplate {
  name: string;
  profiles: TemplateProfile[];
}

const leg = (device: RingLeg['device'], delaySeconds = 0): RingLeg => ({ device, delaySeconds });
const ring = (...devices: RingLeg[]): Target => ({ kind: 'ring', devices });
const voicemail = (): Target => ({ kind: 'voicemail' });
const landline: CallerIdChoice = { kind: 'landline' };
const mobile: CallerIdChoice = { kind: 'mobile' };
const company: CallerIdChoice = { kind: 'company' };

/** Unanswered, busy and unreachable calls all end in voicemail: nobody's call is lost. */
const toVoicemail = (noAnswerAfterSeconds: number): Exceptions => ({
  busy: voicemail(),
  noAnswer: { afterSeconds: noAnswerAfterSeconds, target: voicemail() },
  unreachable: voicemail(),
});
const allQueues = (
  status: QueuePolicy['status'],
  devices: QueuePolicy['devices'] = ['softphone'],
): QueuePolicy => ({
  status,
  scope: 'all',
  queueIds: [],
  devices,
});

function sick(priority: number, speedDial: string): TemplateProfile {
  return {
    key: 'sick',
    name: 'Sick',
    icon: 'medical',
    colour: '#8e24aa',
    type: 'sick',
    availability: 'not_available',
    priority,
    standardLengthMinutes: null,
    triggerWords: ['sick', 'sjuk'],
    callerId: { softphone: landline, mobile: mobile },
    routing: { any: voicemail() },
    exceptions: { busy: voicemail(), noAnswer: null, unreachable: voicemail() },
    callWaiting: false,
    queues: allQueues('paused'),
    recording: false,
    speedDial,
  };
}

function holiday(priority: number, speedDial: string): TemplateProfile {
  return {
    key: 'holiday',
    name: 'Holiday',
    icon: 'sun',
    colour: '#f9a825',
    type: 'holiday',
    availability: 'not_available',
    priority,
    standardLengthMinutes: null,
    triggerWords: ['holiday', 'vacation', 'semester'],
    callerId: { softphone: landline, mobile: mobile },
    routing: { any: voicemail() },
    exceptions: { busy: voicemail(), noAnswer: null, unreachable: voicemail() },
    callWaiting: false,
    queues: allQueues('paused'),
    recording: false,
    speedDial,
  };
}

/** Seed 000's example: landline calls go to voicemail, mobile calls ring through. */
function meeting(priority: number, speedDial: string): TemplateProfile {
  return {
    key: 'meeting',
    name: 'Meeting',
    icon: 'people',
    colour: '#1565c0',
    type: 'meeting',
    availability: 'not_available',
    priority,
    standardLengthMinutes: 60,
    triggerWords: ['meeting', 'möte'],
    callerId: { softphone: landline, mobile: mobile },
    routing: {
      any: voicemail(),
      landline: voicemail(),
      internal: voicemail(),
      mobile: ring(leg('mobile')),
    },
    exceptions: toVoicemail(20),
    callWaiting: false,
    queues: allQueues('paused'),
    recording: false,
    speedDial,
  };
}

function lunch(
  priority: number,
  speedDial: string,
  routing: ProfileFields['routing'],
): TemplateProfile {
  return {
    key: 'lunch',
    name: 'Lunch',
    icon: 'cutlery',
    colour: '#ef6c00',
    type: 'lunch',
    availability: 'not_available',
    priority,
    standardLengthMinutes: 60,
    triggerWords: ['lunch', 'luncha'],
    callerId: { softphone: landline, mobile: mobile },
    routing,
    exceptions: toVoicemail(20),
    callWaiting: false,
    queues: allQueues('paused'),
    recording: false,
    speedDial,
  };
}

function offWork(priority: number, speedDial: string): TemplateProfile {
  return {
    key: 'off-work',
    name: 'Off work',
    icon: 'moon',
    colour: '#455a64',
    type: 'off_work',
    availability: 'not_available',
    priority,
    standardLengthMinutes: null,
    triggerWords: [],
    callerId: { softphone: landline, mobile: mobile },
    routing: { any: voicemail() },
    exceptions: { busy: voicemail(), noAnswer: null, unreachable: voicemail() },
    callWaiting: false,
    queues: allQueues('paused'),
    recording: false,
    speedDial,
  };
}

function officeTemplate(): BuiltInTemplate {
  return {
    name: 'Office',
    profiles: [
      {
        key: 'available',
        name: 'Available',
        icon: 'check',
        colour: '#2e7d32',
        type: 'available',
        availability: 'available',
        priority: 50,
        standardLengthMinutes: null,
        triggerWords: [],
        callerId: { softphone: landline, mobile: mobile },
        // Seed 001 "Delay to mobile": the desk first, the mobile joins after 15 seconds.
        routing: {
          any: ring(leg('softphone'), leg('mobile', 15)),
          mobile: ring(leg('mobile'), leg('softphone')),
        },
        exceptions: toVoicemail(30),
        callWaiting: true,
        queues: allQueues('active'),
        recording: false,
        speedDial: '*40',
      },
      meeting(20, '*41'),
      lunch(30, '*42', {
        any: ring(leg('mobile')),
        landline: voicemail(),
        mobile: ring(leg('mobile')),
      }),
      {
        key: 'away',
        name: 'Away',
        icon: 'clock',
        colour: '#6d4c41',
        type: 'away',
        availability: 'not_available',
        priority: 40,
        standardLengthMinutes: 30,
        triggerWords: ['away', 'borta'],
        callerId: { softphone: landline, mobile: mobile },
        routing: { any: voicemail(), mobile: ring(leg('mobile')) },
        exceptions: toVoicemail(20),
        callWaiting: false,
        queues: allQueues('paused'),
        recording: false,
        speedDial: '*43',
      },
      {
        key: 'out-of-office',
        name: 'Out of office',
        icon: 'briefcase',
        colour: '#c62828',
        type: 'out_of_office',
        availability: 'not_available',
        priority: 15,
        // A working day; the user falls back to Available the next morning.
        standardLengthMinutes: 8 * 60,
        triggerWords: ['out of office', 'ooo', 'frånvarande'],
        callerId: { softphone: landline, mobile: mobile },
        routing: { any: voicemail() },
        exceptions: { busy: voicemail(), noAnswer: null, unreachable: voicemail() },
        callWaiting: false,
        queues: allQueues('paused'),
        recording: false,
        speedDial: '*44',
      },
      holiday(10, '*45'),
      sick(5, '*46'),
    ],
  };
}

function supportAgentTemplate(): BuiltInTemplate {
  return {
    name: 'Support agent',
    profiles: [
      {
        key: 'in-queue',
        name: 'In queue',
        icon: 'headset',
        colour: '#2e7d32',
        type: 'available',
        availability: 'available',
        priority: 50,
        standardLengthMinutes: null,
        triggerWords: [],
        // Agents speak for the company.
        callerId: { softphone: company, mobile: company },
        routing: { any: ring(leg('softphone')) },
        exceptions: toVoicemail(20),
        callWaiting: false,
        queues: allQueues('active', ['softphone']),
        recording: true,
        speedDial: '*40',
      },
      {
        key: 'wrap-up',
        name: 'Wrap-up',
        icon: 'clock',
        colour: '#00838f',
        type: 'busy',
        availability: 'available',
        priority: 40,
        // Short on purpose: an agent who forgets to come back is put back in the queues.
        standardLengthMinutes: 5,
        triggerWords: [],
        callerId: { softphone: company, mobile: company },
        routing: { any: ring(leg('softphone')) },
        exceptions: toVoicemail(20),
        callWaiting: false,
        queues: allQueues('paused'),
        recording: true,
        speedDial: '*41',
      },
      meeting(20, '*42'),
      lunch(30, '*43', { any: voicemail() }),
      offWork(10, '*44'),
      sick(5, '*45'),
    ],
  };
}

function mobileFirstTemplate(): BuiltInTemplate {
  return {
    name: 'Mobile first',
    profiles: [
      {
        key: 'available',
        name: 'Available',
        icon: 'check',
        colour: '#2e7d32',
        type: 'available',
        availability: 'available',
        priority: 50,
        standardLengthMinutes: null,
        triggerWords: [],
        callerId: { softphone: mobile, mobile: mobile },
        // The mobile rings at once; the softphone joins after 10 seconds for when the user is at a desk.
        routing: { any: ring(leg('mobile'), leg('softphone', 10)) },
        exceptions: toVoicemail(30),
        callWaiting: true,
        queues: allQueues('active', ['mobile', 'softphone']),
        recording: false,
        speedDial: '*40',
      },
      {
        key: 'business-trip',
        name: 'Business trip',
        icon: 'plane',
        colour: '#5e35b1',
        type: 'business_trip',
        availability: 'available',
        priority: 30,
        standardLengthMinutes: null,
        triggerWords: ['business trip', 'travel', 'tjänsteresa', 'resa'],
        callerId: { softphone: mobile, mobile: mobile },
        routing: { any: ring(leg('mobile')) },
        exceptions: toVoicemail(25),
        callWaiting: true,
        queues: allQueues('paused'),
        recording: false,
        speedDial: '*41',
      },
      meeting(20, '*42'),
      offWork(15, '*43'),
      holiday(10, '*44'),
    ],
  };
}

export function builtInTemplates(): BuiltInTemplate[] {
  return [officeTemplate(), supportAgentTemplate(), mobileFirstTemplate()];
}
