/**
 * Finds English in what a Swedish user sees (issue 14: "a test fails if any user-visible string
 * in the Swedish UI is English"). Used by the Playwright walk through the screens and by the unit
 * tests of the tray menu and OS notifications.
 *
 * A string is English when
 *   - it is exactly the English text of a catalog message whose Swedish text differs (and it is
 *     not also the Swedish text of some message), or
 *   - it contains a phrase of the English catalog (two or more words, no parameters) that no
 *     Swedish message contains, or
 *   - it contains one of a list of common English interface words.
 * Data the test itself put in (people's and queues' names) is taken out first (`data`).
 */
import { en, sv, type MessageKey } from '../../src/shared/i18n';

const keys = Object.keys(en) as MessageKey[];
const svValues = new Set<string>(keys.map((key) => sv[key]));
const svText = keys.map((key) => sv[key].toLowerCase()).join('\n');

/** Whole English messages (no parameters) that Swedish says differently. */
const englishWhole = new Set<string>(keys.filter((key) => en[key] !== sv[key] && !en[key].includes('{')).map((key) => en[key]));

/** Phrases of English messages (between parameters), two words or more, that no Swedish text has. */
const englishPhrases = [
  ...new Set(
    keys
      .filter((key) => en[key] !== sv[key])
      .flatMap((key) => en[key].split(/[{}#]/))
      // ICU headers ("n, plural, one ", "target, select, voicemail ") are syntax, not words
      .filter((part) => !/^\s*\w+\s*,\s*(plural|select|selectordinal)\b/.test(part))
      .map((part) => part.trim().replace(/^[\s,.:;·—–-]+|[\s,.:;·—–(-]+$/g, ''))
      .filter((part) => part.length >= 10 && /\s/.test(part) && /[a-z]/i.test(part))
      .filter((part) => !svText.includes(part.toLowerCase())),
  ),
];

/** Interface words that are English and not Swedish (whole words, any case). */
const ENGLISH_WORDS = [
  'the', 'your', 'you', 'call', 'calls', 'calling', 'phone', 'number', 'numbers', 'settings', 'history',
  'profile', 'profiles', 'voicemail', 'available', 'answer', 'answered', 'decline', 'declined', 'hang',
  'hold', 'mute', 'muted', 'transfer', 'search', 'loading', 'save', 'saved', 'cancel', 'delete', 'failed',
  'error', 'please', 'cannot', 'could', 'with', 'from', 'and', 'ready', 'queue', 'queues', 'directory',
  'missed', 'dial', 'keypad', 'signed', 'sign', 'password', 'recording', 'recordings', 'users', 'company',
  'meeting', 'busy', 'ended', 'incoming', 'outgoing', 'unknown', 'withheld', 'change', 'changed', 'choose',
  'show', 'hide', 'open', 'close', 'quit', 'add', 'added', 'remove', 'removed', 'edit', 'editing', 'new',
  'today', 'yesterday', 'minutes', 'hours', 'seconds', 'days', 'events', 'this', 'that', 'there', 'here',
  'what', 'when', 'not', 'off', 'back', 'use', 'until', 'found', 'page', 'device', 'template', 'copy',
  'apply', 'view', 'select', 'selected', 'enable', 'disable', 'dismiss', 'move', 'down', 'priority', 'check',
  'active', 'invitation', 'invitations', 'line', 'now', 'changes', 'shown', 'of', 'to', 'heard', 'join', 'used',
  'contains', 'upload', 'clone', 'read', 'last',
];
const wordPattern = new RegExp(`(?<![\\p{L}\\p{N}])(${ENGLISH_WORDS.join('|')})(?![\\p{L}\\p{N}])`, 'iu');

export interface EnglishFinding {
  text: string;
  why: string;
}

/** The strings (of those given) that are English, with why; `data` strings are not words of the UI. */
export function findEnglish(strings: readonly string[], data: readonly string[] = []): EnglishFinding[] {
  const findings: EnglishFinding[] = [];
  const ordered = [...data].sort((a, b) => b.length - a.length);
  for (const original of new Set(strings.map((s) => s.replace(/\s+/g, ' ').trim()))) {
    if (!original) continue;
    let words = original;
    for (const datum of ordered) words = words.split(datum).join(' ');
    // addresses (https://phone.example.com, user@host) are not words of any language
    words = words.replace(/\S*(:\/\/|@|\.\w{2,})\S*/g, ' ').trim();
    if (!words) continue;
    if (englishWhole.has(words) && !svValues.has(words)) {
      findings.push({ text: original, why: 'an English catalog text' });
      continue;
    }
    const phrase = englishPhrases.find((candidate) => words.toLowerCase().includes(candidate.toLowerCase()));
    if (phrase) {
      findings.push({ text: original, why: `the English phrase "${phrase}"` });
      continue;
    }
    const word = wordPattern.exec(words)?.[1];
    if (word) findings.push({ text: original, why: `the English word "${word}"` });
  }
  return findings;
}
