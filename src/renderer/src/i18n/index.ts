/**
 * The renderer's side of the shared catalog (`src/shared/i18n`): English defines the keys,
 * Swedish must translate every one (the compiler checks it). Messages are ICU message format
 * (plurals, `{name}` parameters). Components translate keys with `useT()` and put the texts
 * main sends (notices, call end and registration reasons) into words with `useText()`.
 */
import { useCallback } from 'react';
import type { Language } from '../../../shared/model';
import { format, formatText, type MessageKey, type Params, type Text } from '../../../shared/i18n';
import { useSoftphone } from '../store/store';
import { selectLanguage } from '../store/selectors';

export type { MessageKey, Params, Text };
export type Translate = (key: MessageKey, params?: Params) => string;
export type Say = (text: Text) => string;

export function translate(language: Language, key: MessageKey, params?: Params): string {
  return format(language, key, params);
}

export function useLanguage(): Language {
  return useSoftphone(selectLanguage);
}

export function useT(): Translate {
  const language = useLanguage();
  return useCallback((key, params) => format(language, key, params), [language]);
}

/** Puts a text from main or the server into words in the language shown. */
export function useText(): Say {
  const language = useLanguage();
  return useCallback((text) => formatText(language, text), [language]);
}

const locales: Record<Language, string> = { en: 'en-GB', sv: 'sv-SE' };

function formatTime(iso: string, language: Language): string {
  return new Date(iso).toLocaleTimeString(locales[language], { hour: '2-digit', minute: '2-digit' });
}

export function formatDateTime(iso: string, language: Language): string {
  const date = new Date(iso);
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  return sameDay
    ? formatTime(iso, language)
    : date.toLocaleString(locales[language], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
