import { z } from 'zod';

/** Stable identifiers are opaque strings (UUIDs on the server). */
export const Id = z.string().min(1).max(64);
export type Id = z.infer<typeof Id>;

/** An instant as an ISO-8601 string with a time zone (what crosses every boundary). */
export const Instant = z.iso.datetime({ offset: true });
export type Instant = z.infer<typeof Instant>;

/** E.164 (`+46812345678`) or an internal extension of 2–8 digits. */
export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'Enter a number in international format, e.g. +46812345678');
export const Extension = z.string().regex(/^\d{2,8}$/, 'An extension has 2 to 8 digits');
export const PhoneNumber = z.union([E164, Extension]);
export type PhoneNumber = z.infer<typeof PhoneNumber>;

export const HexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Colour must look like #1a2b3c');

/** Languages the product speaks; the user's language drives e-mails and the client's default. */
export const Language = z.enum(['en', 'sv']);
export type Language = z.infer<typeof Language>;

/**
 * Line breaks, tabs, NUL and the other C0/C1 control characters, and the Unicode bidi
 * embeddings, overrides and isolates (which make "exe.txt" read as "txt.exe"). None belongs in
 * a name, a label or a routing target: they break CSV rows, log lines and SIP headers.
 */
const CONTROL_CHARACTERS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
export const CONTROL_CHARACTERS_MESSAGE =
  'Must not contain line breaks, tabs or other control characters, or text-direction overrides.';

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/** Free text people read (names, labels, routing targets): refused when it holds control characters, checked before any trimming. */
export function SafeText() {
  return z.string().refine((value) => !hasControlCharacters(value), CONTROL_CHARACTERS_MESSAGE);
}

/** Free-form values (custom fields such as an address) may span lines; every other control character is still refused. */
export function SafeMultilineText() {
  return z.string().refine((value) => !hasControlCharacters(value.replace(/\r\n|[\r\n\t]/g, ' ')), CONTROL_CHARACTERS_MESSAGE);
}
