/**
 * 24×24 stroke icons drawn inline (no icon font to download, the same on every machine).
 * Decorative: the control's accessible name is its text.
 */
const paths = {
  phone: 'M5 4h3.5l1.5 4.5-2.2 1.4a11 11 0 005.3 5.3l1.4-2.2L19 14.5V18a2 2 0 01-2 2A15 15 0 013 6a2 2 0 012-2z',
  hangUp: 'M3 14.5c5-4.6 13-4.6 18 0l-1.8 2.6-3.7-1.3v-2.5a10 10 0 00-7 0v2.5l-3.7 1.3z',
  mic: 'M12 3a3 3 0 013 3v5a3 3 0 01-6 0V6a3 3 0 013-3zM5.5 11a6.5 6.5 0 0013 0M12 17.5V21',
  micOff: 'M15 10V6a3 3 0 00-5.8-1.1M9 9v2a3 3 0 004.6 2.5M5.5 11a6.5 6.5 0 0010.6 5M18.5 11c0 .9-.2 1.8-.5 2.6M12 17.5V21M4 4l16 16',
  pause: 'M8.5 5v14M15.5 5v14',
  play: 'M8 5l11 7-11 7z',
  keypad: 'M6 5h.01M12 5h.01M18 5h.01M6 11h.01M12 11h.01M18 11h.01M6 17h.01M12 17h.01M18 17h.01',
  transfer: 'M4 8h13M13 4l4 4-4 4M20 16H7M11 12l-4 4 4 4',
  history: 'M3.5 12a8.5 8.5 0 102.5-6M3.5 4v4h4M12 7.5V12l3 2',
  voicemail: 'M6.5 15.5a3.5 3.5 0 100-7 3.5 3.5 0 000 7zM17.5 15.5a3.5 3.5 0 100-7 3.5 3.5 0 000 7zM6.5 15.5h11',
  profiles: 'M12 11a3.5 3.5 0 100-7 3.5 3.5 0 000 7zM5 20c.6-3.6 3.4-6 7-6s6.4 2.4 7 6',
  settings: 'M12 15a3 3 0 100-6 3 3 0 000 6zM19 12a7 7 0 00-.1-1.2l2-1.6-2-3.4-2.4 1a7 7 0 00-2-1.2L14 3h-4l-.5 2.6a7 7 0 00-2 1.2l-2.4-1-2 3.4 2 1.6a7 7 0 000 2.4l-2 1.6 2 3.4 2.4-1a7 7 0 002 1.2L10 21h4l.5-2.6a7 7 0 002-1.2l2.4 1 2-3.4-2-1.6c.1-.4.1-.8.1-1.2z',
  admin: 'M12 3l7.5 3v5.5c0 4.5-3.2 8.2-7.5 9.5-4.3-1.3-7.5-5-7.5-9.5V6z',
  directory: 'M9 11a3 3 0 100-6 3 3 0 000 6zM3.5 19c.5-3 2.7-5 5.5-5s5 2 5.5 5M16 11a2.5 2.5 0 100-5M17 14c2 .4 3.3 2.2 3.6 5',
  signOut: 'M14 4h4a2 2 0 012 2v12a2 2 0 01-2 2h-4M9 8l-4 4 4 4M5 12h11',
} as const;

export type IconName = keyof typeof paths;

export function Icon(props: { name: IconName; className?: string }) {
  return (
    <svg
      className={`icon ${props.className ?? ''}`}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={props.name === 'keypad' ? 3 : 2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[props.name]} />
    </svg>
  );
}
