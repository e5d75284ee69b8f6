import type { Profile } from '../../../../shared/model';

const glyphs: Record<Profile['icon'], string> = {
  check: '✓',
  people: '👥',
  cutlery: '🍴',
  clock: '🕑',
  minus: '−',
  plane: '✈',
  sun: '☀',
  medical: '✚',
  briefcase: '💼',
  moon: '☾',
  headset: '🎧',
  home: '⌂',
};

/** The profile's icon on its colour; decorative, the name is always written next to it. */
export function ProfileMark(props: { icon: Profile['icon']; colour: string; size?: 'small' | 'large' }) {
  return (
    <span className={`profile-mark ${props.size ?? 'small'}`} style={{ backgroundColor: props.colour }} aria-hidden="true">
      {glyphs[props.icon]}
    </span>
  );
}

export const profileIconGlyphs = glyphs;
