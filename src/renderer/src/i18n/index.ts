/**
 * A small typed dictionary: English defines the keys, Swedish must translate every one
 * (the compiler checks it). `{name}` placeholders are filled from `params`.
 */
import { useCallback } from 'react';
import type { Language } from '../../../shared/model';
import { useSoftphone } from '../store/store';
import { selectLanguage } from '../store/selectors';
import { en, type MessageKey } from './en';
import { sv } from './sv';

export type { MessageKey };
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const dictionaries: Record<Language, Record<MessageKey, string>> = { en, sv };

export function translate(language: Language, key: MessageKey, params?: Params): string {
  const template = dictionaries[language][key] ?? en[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function useLanguage(): Language {
  return useSoftphone(selectLanguage);
}

export function useT(): Translate {
  const language = useLanguage();
  return useCallback((key, params) => translate(language, key, params), [language]);
}

const locales: Record<Language, string> = { en: 'en-GB', sv: 'sv-SE' };

export function formatTime(iso: string, language: Language): string {
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
