import { useT } from '../../../i18n';
import { ProfileMark } from '../../common/ProfileMark';
import type { TemplateProfile } from './templateProfiles';

/** A template's profiles in order (the first is the default); unless read-only, each can be moved, edited or removed. */
export function TemplateProfileList(props: {
  profiles: TemplateProfile[];
  readOnly: boolean;
  onMove: (index: number, by: number) => void;
  onEdit: (key: string) => void;
  onRemove: (key: string) => void;
}) {
  const t = useT();
  const { profiles } = props;
  return (
    <ol className="template-profiles">
      {profiles.map((profile, index) => (
        <li key={profile.key} className="row spread">
          <span className="row">
            <ProfileMark icon={profile.icon} colour={profile.colour} />
            <span>
              {profile.name}
              {index === 0 && <span className="muted small"> · {t('admin.template.default')}</span>}
            </span>
          </span>
          {!props.readOnly && (
            <span className="row">
              <button type="button" className="secondary small" aria-label={t('admin.template.moveUp', { name: profile.name })} disabled={index === 0} onClick={() => props.onMove(index, -1)}>
                ↑
              </button>
              <button
                type="button"
                className="secondary small"
                aria-label={t('admin.template.moveDown', { name: profile.name })}
                disabled={index === profiles.length - 1}
                onClick={() => props.onMove(index, 1)}
              >
                ↓
              </button>
              <button type="button" className="secondary small" onClick={() => props.onEdit(profile.key)}>
                {t('admin.template.edit', { name: profile.name })}
              </button>
              <button type="button" className="danger small" disabled={profiles.length === 1} onClick={() => props.onRemove(profile.key)}>
                {t('admin.template.remove', { name: profile.name })}
              </button>
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
