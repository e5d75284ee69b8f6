import type { Settings } from '../../../../shared/ipc';
import { invoke } from './invoke';

export const updateSettings = (changes: Partial<Settings>) => invoke('settings.update', changes);
export const dismissNotice = (id: string) => invoke('notices.dismiss', { id });
