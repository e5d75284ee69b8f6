/**
 * What main and the server say to a person travels as a `Text`: a message key of the shared
 * catalog (`./i18n`) with parameters, put into words where it is shown (the renderer in the
 * user's language; main for the tray and OS notifications). Parameters are bounded values or
 * other texts (e.g. "{command} did not go through" with the command's own text).
 */
import { z } from 'zod';
import { en, type MessageKey, type Text as TextValue, type TextParam } from './i18n';

export type { TextParam, MessageKey };
export type Text = TextValue;

const messageKeys = Object.keys(en) as [MessageKey, ...MessageKey[]];
const PARAM_LIMIT = 500;

export const Text: z.ZodType<Text> = z.lazy(() =>
  z.object({
    key: z.enum(messageKeys),
    params: z
      .record(z.string().max(40), z.union([z.string().max(PARAM_LIMIT), z.number(), Text]))
      .refine((params) => Object.keys(params).length <= 12, 'at most 12 parameters')
      .optional(),
  }),
).refine((text) => JSON.stringify(text).length <= 4000, 'text too long');

/** A text; string parameters are cut to the schema's bound so it always parses. */
export function text(key: MessageKey, params?: Readonly<Record<string, TextParam>>): Text {
  if (params === undefined) return { key };
  const bounded: Record<string, TextParam> = {};
  for (const [name, value] of Object.entries(params))
    bounded[name] = typeof value === 'string' ? value.slice(0, PARAM_LIMIT) : value;
  return { key, params: bounded };
}

/** Words that have no key (yet): a developer message, a server's English sentence. */
export function plainText(words: string): Text {
  return text('text.plain', { text: words });
}

/** Texts joined with commas: "a, b, c". */
export function joinTexts(parts: readonly Text[]): Text | null {
  if (parts.length === 0) return null;
  return parts.slice(1).reduce<Text>((first, rest) => text('text.join', { first, rest }), parts[0]!);
}

/** Sentences one after the other: "A. B. C." */
export function joinSentences(parts: readonly Text[]): Text | null {
  if (parts.length === 0) return null;
  return parts.slice(1).reduce<Text>((first, rest) => text('text.sentences', { first, rest }), parts[0]!);
}

/** Stored before texts were codes: an old sentence reads as plain words. */
export const TextOrLegacy = z.preprocess(
  (value) => (typeof value === 'string' ? plainText(value) : value),
  Text,
);

/**
 * What an error (an Error, or a command error from a reply) says to a person: its text when it
 * carries one, else its message as plain words.
 */
export function textOfError(error: unknown): Text {
  if (error !== null && typeof error === 'object' && 'text' in error) {
    const parsed = Text.safeParse(error.text);
    if (parsed.success) return parsed.data;
  }
  if (error !== null && typeof error === 'object' && 'message' in error && typeof error.message === 'string')
    return plainText(error.message);
  return plainText(String(error));
}
