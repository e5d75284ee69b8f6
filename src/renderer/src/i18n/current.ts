import { useSoftphone } from '../store/store';
import { selectLanguage } from '../store/selectors';
import { formatText } from '../../../shared/i18n';
import { translate, type MessageKey, type Params, type Text } from './index';

/** For code outside components (actions, boot): translates in the language shown right now. */
export function tNow(key: MessageKey, params?: Params): string {
  return translate(selectLanguage(useSoftphone.getState()), key, params);
}

/** A text from main or the server, in the language shown right now. */
export function sayNow(text: Text): string {
  return formatText(selectLanguage(useSoftphone.getState()), text);
}
