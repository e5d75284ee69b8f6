import type { Profile } from '../../../../shared/model';

/** 24×24 stroke icons: drawn here so they look the same on every machine (no emoji font needed). */
const paths: Record<Profile['icon'], string> = {
  check: 'M5 12.5l4.5 4.5L19 7.5',
  people: 'M9 11a3 3 0 100-6 3 3 0 000 6zM3.5 19c.5-3 2.7-5 5.5-5s5 2 5.5 5M16 11a2.5 2.5 0 100-5M17 14c2 .4 3.3 2.2 3.6 5',
  cutlery: 'M7 3v7a2 2 0 002 2v9M11 3v7a2 2 0 01-2 2M9 3v6M16.5 21V3c-2 1.5-3 4-3 7h3',
  clock: 'M12 21a9 9 0 100-18 9 9 0 000 18zM12 7v5l3 2',
  minus: 'M12 21a9 9 0 100-18 9 9 0 000 18zM7.5 12h9',
  plane: 'M3 13l8-2 4-7h2l-2 7 5 1.5v1.5l-5-.5-2 7h-2l-1-7-7-.5z',
  sun: 'M12 16a4 4 0 100-8 4 4 0 000 8zM12 2.5v2M12 19.5v2M2.5 12h2M19.5 12h2M5.3 5.3l1.4 1.4M17.3 17.3l1.4 1.4M5.3 18.7l1.4-1.4M17.3 6.7l1.4-1.4',
  medical: 'M9.5 4h5v5.5H20v5h-5.5V20h-5v-5.5H4v-5h5.5z',
  briefcase: 'M4 8h16v11H4zM9 8V5.5h6V8M4 13h16',
  moon: 'M19.5 14.5A8 8 0 019.5 4.5a8 8 0 1010 10z',
  headset: 'M4.5 14v-2a7.5 7.5 0 0115 0v2M4.5 14h3v5h-3zM16.5 14h3v5h-3zM19.5 19c0 1.5-2 2-5 2',
  home: 'M3.5 11.5L12 4l8.5 7.5M6 10v10h4.5v-5h3v5H18V10',
};

/** The profile's icon on its colour; decorative, the name is always written next to it. */
export function ProfileMark(props: { icon: Profile['icon']; colour: string; size?: 'small' | 'large' }) {
  return (
    <span className={`profile-mark ${props.size ?? 'small'}`} style={{ backgroundColor: props.colour }} aria-hidden="true">
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d={paths[props.icon]} />
      </svg>
    </span>
  );
}
