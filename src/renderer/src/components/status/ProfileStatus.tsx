import { useState } from 'react';
import { useSoftphone } from '../../store/store';
import { selectEffectiveProfile } from '../../store/selectors';
import { clearManualProfile, overrideCalendar, switchProfile } from '../../store/actions/profiles';
import { formatDateTime, useLanguage, useT } from '../../i18n';
import { Popover } from '../common/Popover';
import { formatDuration } from '../../../../shared/duration';
import { ProfileMark } from '../common/ProfileMark';
import { shownProfileName } from '../../../../shared/builtInNames';

/** '' = the profile's standard length, 'none' = until changed, a number = minutes. */
const LENGTHS = ['30', '60', '120', '240'] as const;
type DurationChoice = '' | 'none' | (typeof LENGTHS)[number];

function ProfilePicker(props: { close: () => void }) {
  const t = useT();
  const language = useLanguage();
  const profiles = useSoftphone((s) => s.profiles?.profiles);
  const effectiveId = useSoftphone((s) => s.profiles?.effective?.profileId ?? null);
  const isManual = useSoftphone((s) => s.profiles?.manualChoice != null);
  const [chosen, setChosen] = useState(effectiveId);
  const [duration, setDuration] = useState<DurationChoice>('');
  if (!profiles) return null;

  const submit = async () => {
    if (!chosen) return;
    props.close();
    await switchProfile(chosen, duration === '' ? undefined : duration === 'none' ? null : Number(duration));
  };

  return (
    <form
      className="picker"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <fieldset>
        <legend>{t('status.profile.choose')}</legend>
        {profiles.map((profile) => (
          <label key={profile.id} className="radio-row">
            <input type="radio" name="profile" value={profile.id} checked={chosen === profile.id} onChange={() => setChosen(profile.id)} />
            <ProfileMark icon={profile.icon} colour={profile.colour} />
            <span>{shownProfileName(profile.name, language)}</span>
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>{t('status.profile.duration')}</span>
        <select value={duration} onChange={(event) => setDuration(event.target.value as DurationChoice)}>
          <option value="">{t('status.profile.duration.standard')}</option>
          <option value="none">{t('status.profile.duration.untilChanged')}</option>
          {LENGTHS.map((minutes) => (
            <option key={minutes} value={minutes}>{formatDuration(Number(minutes), language)}</option>
          ))}
        </select>
      </label>
      <div className="row end">
        {isManual && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              props.close();
              void clearManualProfile();
            }}
          >
            {t('status.profile.automatic')}
          </button>
        )}
        <button type="submit" className="primary" disabled={!chosen}>
          {t('status.profile.switch')}
        </button>
      </div>
    </form>
  );
}

/**
 * The user chose a profile, but a calendar event's profile comes first (its priority is higher):
 * say so, and offer to keep the choice until the event ends.
 */
function OutrankedChoice(props: { profileId: string; name: string; event: string; until: string }) {
  const t = useT();
  const language = useLanguage();
  const time = formatDateTime(props.until, language);
  return (
    <div className="outranked" role="note">
      <span className="small">{t('status.profile.outranked', { name: props.name, event: props.event, time })}</span>
      <button type="button" className="secondary small" onClick={() => void overrideCalendar(props.profileId, props.until)}>
        {t('status.profile.override', { name: props.name, time })}
      </button>
    </div>
  );
}

/** The profile in effect, why, and until when; the button opens the picker. */
export function ProfileStatus() {
  const t = useT();
  const language = useLanguage();
  const profile = useSoftphone(selectEffectiveProfile);
  const effective = useSoftphone((s) => s.profiles?.effective ?? null);
  const profiles = useSoftphone((s) => s.profiles?.profiles);
  if (!profile || !effective) {
    return <span className="status-item muted">{t('status.profile.none')}</span>;
  }
  const why =
    effective.reason === 'calendar'
      ? t('status.profile.reason.calendar', { title: effective.eventTitle ?? '' })
      : t(`status.profile.reason.${effective.reason}`);
  const until = effective.until ? t('status.profile.until', { time: formatDateTime(effective.until, language) }) : null;
  const outranked = profiles?.find((p) => p.id === effective.outrankedProfileId) ?? null;
  return (
    <div className="status-item profile-status" style={{ borderColor: profile.colour }}>
      <ProfileMark icon={profile.icon} colour={profile.colour} size="large" />
      <div className="profile-status-text">
        <strong data-testid="effective-profile">{shownProfileName(profile.name, language)}</strong>
        <span className="muted small">
          {why}
          {until ? ` · ${until}` : ''}
        </span>
      </div>
      {outranked && effective.until && (
        <OutrankedChoice profileId={outranked.id} name={shownProfileName(outranked.name, language)} event={effective.eventTitle ?? ''} until={effective.until} />
      )}
      <Popover label={t('status.profile.change')} buttonContent={t('status.profile.changeShort')} panelLabel={t('status.profile.choose')}>
        {(close) => <ProfilePicker close={close} />}
      </Popover>
    </div>
  );
}
