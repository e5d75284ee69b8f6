import { useEffect } from 'react';
import { useLanguage, useT } from '../../../i18n';
import { useSoftphone } from '../../../store/store';
import { loadDestinations } from '../../../store/actions/destinations';
import { ProfileMark } from '../../common/ProfileMark';
import { describeProfileLines } from '../../profiles/describe';
import type { TemplateProfile } from './templateProfiles';

/**
 * A template in full, in plain words (issue 13): each profile with the sentences users see on
 * their profile cards (`describeProfile`, shared with the server), so a built-in template can be
 * inspected before it is cloned or applied.
 */
export function TemplateInWords(props: { profiles: TemplateProfile[] }) {
  const t = useT();
  const language = useLanguage();
  const destinations = useSoftphone((s) => s.ui.destinations);
  useEffect(() => {
    void loadDestinations();
  }, []);
  return (
    <section className="template-in-words" aria-labelledby="template-in-words-title">
      <h4 id="template-in-words-title">{t('admin.template.inWords')}</h4>
      {props.profiles.map(({ key, ...fields }, index) => (
        <article key={key} className="card profile-card" aria-labelledby={`words-${key}`} style={{ borderTopColor: fields.colour }}>
          <header className="row">
            <ProfileMark icon={fields.icon} colour={fields.colour} />
            <div>
              <h5 id={`words-${key}`}>
                {fields.name}
                {index === 0 && <span className="muted small"> · {t('admin.template.default')}</span>}
              </h5>
              <p className="muted small">
                {t(`profileType.${fields.type}`)} · {t(`availability.${fields.availability}`)} · {t('profile.priorityShort', { n: fields.priority })}
              </p>
            </div>
          </header>
          <ul className="rules">
            {describeProfileLines({ ...fields, id: key }, language, destinations).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}
