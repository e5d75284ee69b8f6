/**
 * The pages invitation, confirmation and registration links open (issue 13), in the style of
 * the password reset page (reset-page.ts): plain HTML served by the profile server, no script,
 * no external assets, a strict CSP, in the person's language. Each problem is shown next to the
 * field it is about; success says what to do next (open the app, sign in with this server).
 */
import type { FastifyReply } from 'fastify';
import type { Language } from '../../shared/model';
import { escape, sendPage } from './reset-page';

export interface PageField {
  name: string;
  label: string;
  type: 'text' | 'email' | 'password';
  autocomplete: string;
  value?: string;
  required?: boolean;
  hint?: string;
  error?: string;
}

export interface GetinPage {
  language: Language;
  title: string;
  intro?: string;
  form?: { action: string; hidden: Record<string, string>; fields: PageField[]; submit: string };
  /** A final word (done or a problem), and what to do next after it. */
  message?: { text: string; kind: 'done' | 'problem' };
  next?: string;
}

function field(f: PageField): string {
  const described = [f.hint ? `${f.name}-hint` : '', f.error ? `${f.name}-error` : ''].filter(Boolean).join(' ');
  const attributes = [
    `id="${f.name}"`,
    `name="${f.name}"`,
    `type="${f.type}"`,
    `autocomplete="${f.autocomplete}"`,
    f.value !== undefined && f.type !== 'password' ? `value="${escape(f.value)}"` : '',
    f.required === false ? '' : 'required',
    f.error ? 'aria-invalid="true"' : '',
    described ? `aria-describedby="${described}"` : '',
  ].filter(Boolean);
  return [
    `<label for="${f.name}">${escape(f.label)}</label>`,
    `<input ${attributes.join(' ')}>`,
    f.hint ? `<p id="${f.name}-hint" class="note">${escape(f.hint)}</p>` : '',
    f.error ? `<p id="${f.name}-error" class="problem" role="alert">${escape(f.error)}</p>` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function body(page: GetinPage): string {
  const parts: string[] = [];
  if (page.intro) parts.push(`<p>${escape(page.intro)}</p>`);
  if (page.message) {
    const role = page.message.kind === 'problem' ? 'alert' : 'status';
    parts.push(`<p role="${role}" class="${page.message.kind}">${escape(page.message.text)}</p>`);
  }
  if (page.next) parts.push(`<p class="next">${escape(page.next)}</p>`);
  const form = page.form;
  if (form) {
    const hidden = Object.entries(form.hidden).map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value)}">`);
    parts.push(
      `<form method="post" action="${escape(form.action)}" novalidate>\n${[...hidden, ...form.fields.map(field)].join('\n')}\n<button type="submit">${escape(form.submit)}</button>\n</form>`,
    );
  }
  return parts.join('\n');
}

export function sendGetinPage(reply: FastifyReply, status: number, page: GetinPage): FastifyReply {
  return sendPage(reply, status, { language: page.language, title: page.title, body: body(page), extraStyle: '.next{font-weight:600}' });
}
