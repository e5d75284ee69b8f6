/**
 * The one message catalog of the app, used by the renderer (every screen) and by main (tray
 * menu, OS notifications). Messages are ICU message format, formatted with intl-messageformat
 * (plural rules per language). Main and the server never send sentences to the renderer: they
 * send a `Text` (a key with parameters, see `./text`) and whoever shows it formats it here.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { Language } from '../model/common';
import { en, type MessageKey } from './en';
import { sv } from './sv';

export type { MessageKey };
export { en, sv };

/** A parameter of a message: a value, or another text put into words in the same language. */
export type TextParam = string | number | Text;
export interface Text {
  key: MessageKey;
  params?: Readonly<Record<string, TextParam>>;
}
export type Params = Readonly<Record<string, string | number>>;

const catalogs: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, sv };

const compiled = new Map<string, IntlMessageFormat>();

function compile(language: Language, key: MessageKey): IntlMessageFormat {
  const id = `${language}\u0000${key}`;
  let message = compiled.get(id);
  if (message === undefined) {
    // ignoreTag: "<{email}>" is text, not a rich-text tag.
    message = new IntlMessageFormat(catalogs[language][key] ?? en[key], language, undefined, { ignoreTag: true });
    compiled.set(id, message);
  }
  return message;
}

/** One message in `language`; a parameter left out stays visible as `{name}`. */
export function format(language: Language, key: MessageKey, params?: Params): string {
  try {
    const out = compile(language, key).format(params ?? {});
    return Array.isArray(out) ? out.join('') : String(out);
  } catch {
    // A missing parameter: say what is there rather than nothing.
    const template = catalogs[language][key] ?? en[key];
    // A key this build does not know (a newer server's audit action): no words rather than a
    // crashed window, and never the key itself.
    if (template === undefined) return '';
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      params !== undefined && name in params ? String(params[name]) : whole,
    );
  }
}

/** A text (with texts as parameters) in `language`. */
export function formatText(language: Language, text: Text): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.params ?? {}))
    params[name] = typeof value === 'object' ? formatText(language, value) : value;
  return format(language, text.key, params);
}
