/**
 * The media component's scripts, one per kind of call (scripts/pbx/media/dispatcher.ts): the
 * `<script>` part of a target the profile server issues picks one. Add a script here.
 */
import type { MediaScript } from '../dispatcher';
import { voicemail } from './voicemail';
import { announcement } from './announcement';
import { prompt } from './prompt';
import { listen } from './listen';

export const scripts: MediaScript[] = [voicemail, announcement, prompt, listen];
