import { useEffect, useMemo, useState } from 'react';
import type { Profile } from '../../../../shared/model';
import type { ProfilesState } from '../../../../shared/ipc';
import type { ProfileAccount } from '../../../../shared/rules/profileProblems';
import { useSoftphone } from '../../store/store';
import { switchProfile, updateProfile } from '../../store/actions/profiles';
import { loadDestinations } from '../../store/actions/destinations';
import { useLanguage, useT } from '../../i18n';
import { ProfileMark } from '../common/ProfileMark';
import { ProfileEditor } from './ProfileEditor';
import { describeProfileLines } from './describe';
import { shownProfileName } from '../../../../shared/builtInNames';

/** One profile in plain words; also the admin's view of a user's profiles (without "use"). */
export function ProfileCard(props: {
  profile: Profile;
  inEffect: boolean;
  canEdit: boolean;
  onEdit: () => void;
  onUse?: () => void;
}) {
  const t = useT();
  const language = useLanguage();
  const destinations = useSoftphone((s) => s.ui.destinations);
  const { profile } = props;
  const titleId = `profile-${profile.id}-title`;
  const name = shownProfileName(profile.name, language);
  return (
    <article
      className={`card profile-card ${props.inEffect ? 'in-effect' : ''}`}
      aria-labelledby={titleId}
      style={{ borderTopColor: profile.colour }}
    >
      <header className="row spread">
        <div className="row">
          <ProfileMark icon={profile.icon} colour={profile.colour} size="large" />
          <div>
            <h3 id={titleId}>{name}</h3>
            <p className="muted small">
              {t(`profileType.${profile.type}`)} · {t(`availability.${profile.availability}`)} ·{' '}
              {t('profile.priorityShort', { n: profile.priority })}
            </p>
          </div>
        </div>
        {props.inEffect && <span className="pill ok">{t('profiles.inEffect')}</span>}
      </header>
      <ul className="rules">
        {describeProfileLines(profile, language, destinations).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <div className="row end">
        {!props.inEffect && props.onUse && (
          <button type="button" className="secondary" onClick={props.onUse}>
            {t('profiles.use', { name })}
          </button>
        )}
        {props.canEdit ? (
          <button type="button" className="secondary" onClick={props.onEdit}>
            {t('profiles.edit', { name })}
          </button>
        ) : (
          props.onUse && <span className="muted small">{t('profiles.setByAdmin')}</span>
        )}
      </div>
    </article>
  );
}

/** What the user's account allows their profiles (a mobile number, the numbers they may show). */
function accountOf(state: ProfilesState): ProfileAccount {
  return {
    hasMobile: state.callerId.options.some((o) => o.type === 'mobile'),
    callerIds: state.callerId.options.map((o) => o.number),
  };
}

export function ProfilesView() {
  const t = useT();
  const state = useSoftphone((s) => s.profiles);
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const options = state?.callerId.options;
  const account = useMemo(() => (state ? accountOf(state) : undefined), [options]); // eslint-disable-line react-hooks/exhaustive-deps -- the options decide it
  // The names of the company's messages and applications, for the cards and the editor's pickers.
  useEffect(() => {
    void loadDestinations();
  }, []);
  if (!state) return <p className="muted">{t('profiles.none')}</p>;
  // A lock arriving while the user edits closes the editor: locked profiles are read-only.
  const editingProfile = state.canEditProfiles
    ? state.profiles.find((p) => p.id === editing)
    : undefined;

  if (editingProfile) {
    const { id, ...fields } = editingProfile;
    return (
      <section className="card">
        <ProfileEditor
          key={id}
          title={t('profiles.editTitle', { name: editingProfile.name })}
          initial={fields}
          queues={state.queues}
          account={account}
          callerIdOptions={state.callerId.options}
          onCancel={() => setEditing(null)}
          onSave={async (next) => {
            const outcome = await updateProfile(id, next);
            if (outcome === true) {
              setSaved(next.name);
              setEditing(null);
            }
            return outcome;
          }}
        />
      </section>
    );
  }

  return (
    <section aria-labelledby="profiles-title">
      <h2 id="profiles-title">{t('profiles.title')}</h2>
      {!state.canEditProfiles && (
        <p className="muted">
          {t('profiles.locked')} {t('profiles.lockedNoEdit')}
        </p>
      )}
      <p role="status" className="admin-status">
        {saved !== null && state.canEditProfiles && t('profiles.saved', { name: saved })}
      </p>
      <div className="profile-grid">
        {state.profiles.map((profile) => (
          <ProfileCard
            key={profile.id}
            profile={profile}
            inEffect={state.effective?.profileId === profile.id}
            canEdit={state.canEditProfiles}
            onEdit={() => setEditing(profile.id)}
            onUse={() => void switchProfile(profile.id)}
          />
        ))}
      </div>
    </section>
  );
}
