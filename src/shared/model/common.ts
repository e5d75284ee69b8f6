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
