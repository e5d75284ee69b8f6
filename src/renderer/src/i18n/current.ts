import { useSoftphone } from '../store/store';
import { selectLanguage } from '../store/selectors';
import { translate, type MessageKey, type Params } from './index';

/** For code outside components (actions, boot): translates in the language shown right now. */
export function tNow(key: MessageKey, params?: Params): string {
  return translate(selectLanguage(useSoftphone.getState()), key, params);
}
