import { useEffect, useId, useState } from 'react';
import type { User, UserSnapshot } from '../../../../../shared/model';
import { effectiveInputOf, profileInEffect } from '../../../../../shared/rules/effective';
import { useT } from '../../../i18n';
import { useSoftphone } from '../../../store/store';
import { handled } from '../../../store/actions/invoke';
import { editUserProfile, loadUserSnapshot, lockUserProfiles } from '../../../store/actions/adminUsers';
import { ProfileCard } from '../../profiles/ProfilesView';
import { ProfileEditor } from '../../profiles/ProfileEditor';

/**
 * One user's profiles as the user sees them (the same plain-words cards), each editable by the
 * admin with the profile editor, and the lock on the user's own editing.
 */
export function UserProfiles(props: { user: User; onClose: () => void }) {
  const t = useT();
  const titleId = useId();
  const { user } = props;
  const queues = useSoftphone((s) => s.admin.queues) ?? [];
  const [snapshot, setSnapshot] = useState<UserSnapshot | null>(null);
  const [editing, setEditing] = useState<string | null>(null);

  useEffect(() => {
    void loadUserSnapshot(user.id).then((next) => setSnapshot(next ?? null));
  }, [user.id]);

  const name = `${user.firstName} ${user.lastName}`;
  const inEffect = snapshot ? profileInEffect(effectiveInputOf(snapshot, new Date()))?.profile.id : undefined;
  const editingProfile = snapshot?.profiles.find((p) => p.id === editing);
  const locked = snapshot ? !snapshot.canEditProfiles : false;

  return (
    <section className="card user-profiles" aria-labelledby={titleId}>
      <div className="row spread wrap">
        <h3 id={titleId}>{t('admin.userProfiles.title', { name })}</h3>
        <button type="button" className="secondary small" onClick={props.onClose}>
          {t('admin.userProfiles.back')}
        </button>
      </div>
      {!snapshot ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={locked}
              onChange={handled(async (e: React.ChangeEvent<HTMLInputElement>) => {
                const lock = e.target.checked;
                if (await lockUserProfiles(user.id, name, lock)) setSnapshot({ ...snapshot, canEditProfiles: !lock });
              })}
            />
            {t('admin.userProfiles.lock', { name: user.firstName })}
          </label>
          <p className="muted small">{t(locked ? 'admin.userProfiles.locked' : 'admin.userProfiles.unlocked', { name: user.firstName })}</p>
          {editingProfile ? (
            <ProfileEditor
              key={editingProfile.id}
              title={t('admin.userProfiles.editTitle', { profile: editingProfile.name, name })}
              initial={(({ id: _id, ...fields }) => fields)(editingProfile)}
              queues={queues}
              onCancel={() => setEditing(null)}
              onSave={async (fields) => {
                const next = await editUserProfile(user.id, editingProfile.id, fields);
                if (!next) return false;
                setSnapshot(next);
                setEditing(null);
                return true;
              }}
            />
          ) : (
            <div className="profile-grid">
              {snapshot.profiles.map((profile) => (
                <ProfileCard key={profile.id} profile={profile} inEffect={inEffect === profile.id} canEdit onEdit={() => setEditing(profile.id)} />
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}
