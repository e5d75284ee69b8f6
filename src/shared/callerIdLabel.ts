/**
 * The name of a number the user calls out with, in the user's language: their own numbers by
 * kind ("Landline", "Fast nummer"), the company's main number with the company's name, a queue
 * number by the queue's name (what the admin called it).
 */
import type { NumberType } from './model/directory';
import { plainText, text, type Text } from './text';

export function callerIdLabel(option: { label: string; type?: NumberType | undefined }, companyName: string | null): Text {
  switch (option.type) {
    case 'landline':
      return text('callerId.type.landline');
    case 'mobile':
      return text('callerId.type.mobile');
    case 'internal':
      return text('callerId.type.internal');
    case 'main':
      return companyName ? text('callerId.type.mainOf', { company: companyName }) : text('callerId.type.main');
    default:
      return plainText(option.label);
  }
}
