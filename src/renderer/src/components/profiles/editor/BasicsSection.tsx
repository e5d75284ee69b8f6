import { ProfileIcon, ProfileType, type ProfileFields } from '../../../../../shared/model';
import { useT } from '../../../i18n';
import { useEditorContext, useFieldProblem } from './problems';

/** The fields of a profile that are plain values, in the order the editor shows them. */
export type BasicFields = Pick<
  ProfileFields,
  | 'name'
  | 'type'
  | 'icon'
  | 'colour'
  | 'availability'
  | 'priority'
  | 'standardLengthMinutes'
  | 'speedDial'
  | 'triggerWords'
>;

/** Name, type, icon, colour, availability, priority, standard length, speed dial and trigger words. */
export function BasicsSection(props: {
  value: BasicFields;
  onChange: <K extends keyof BasicFields>(key: K, value: ProfileFields[K]) => void;
}) {
  const t = useT();
  const { value, onChange: set } = props;
  const name = useFieldProblem('name');
  const priority = useFieldProblem('priority');
  const length = useFieldProblem('standardLengthMinutes');
  const speedDial = useFieldProblem('speedDial');
  const triggerWords = useFieldProblem(
    Object.keys(useEditorContext().problems).find((p) => p.startsWith('triggerWords')) ??
      'triggerWords',
  );
  return (
    <>
      <div className="grid two">
        <div className="field-box">
          <label className="field">
            <span>{t('profile.field.name')}</span>
            <input
              value={value.name}
              required
              maxLength={40}
              onChange={(e) => set('name', e.target.value)}
              data-autofocus
              {...name.controlProps}
            />
          </label>
          {name.message}
        </div>
        <label className="field">
          <span>{t('profile.field.type')}</span>
          <select
            value={value.type}
            onChange={(e) => set('type', e.target.value as ProfileFields['type'])}
          >
            {ProfileType.options.map((type) => (
              <option key={type} value={type}>
                {t(`profileType.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('profile.field.icon')}</span>
          <select
            value={value.icon}
            onChange={(e) => set('icon', e.target.value as ProfileFields['icon'])}
          >
            {ProfileIcon.options.map((icon) => (
              <option key={icon} value={icon}>
                {t(`profileIcon.${icon}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('profile.field.colour')}</span>
          <input
            type="color"
            value={value.colour}
            onChange={(e) => set('colour', e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('profile.field.availability')}</span>
          <select
            value={value.availability}
            onChange={(e) => set('availability', e.target.value as ProfileFields['availability'])}
          >
            <option value="available">{t('availability.available')}</option>
            <option value="not_available">{t('availability.not_available')}</option>
          </select>
        </label>
        <div className="field-box">
          <label className="field">
            <span>{t('profile.field.priority')}</span>
            <input
              type="number"
              min={1}
              max={99}
              value={value.priority}
              onChange={(e) => set('priority', Number(e.target.value))}
              {...priority.controlProps}
            />
          </label>
          {priority.message}
        </div>
        <div className="field-box">
          <label className="field">
            <span>{t('profile.field.standardLength')}</span>
            <input
              type="number"
              min={1}
              value={value.standardLengthMinutes ?? ''}
              onChange={(e) =>
                set('standardLengthMinutes', e.target.value === '' ? null : Number(e.target.value))
              }
              {...length.controlProps}
            />
          </label>
          {length.message}
        </div>
        <div className="field-box">
          <label className="field">
            <span>{t('profile.field.speedDial')}</span>
            <input
              value={value.speedDial ?? ''}
              placeholder="*41"
              onChange={(e) =>
                set('speedDial', e.target.value.trim() === '' ? null : e.target.value.trim())
              }
              {...speedDial.controlProps}
            />
          </label>
          {speedDial.message}
        </div>
      </div>
      <div className="field-box">
        <label className="field">
          <span>{t('profile.field.triggerWords')}</span>
          <input
            defaultValue={value.triggerWords.join(', ')}
            onChange={(e) =>
              set(
                'triggerWords',
                e.target.value
                  .split(',')
                  .map((w) => w.trim())
                  .filter(Boolean),
              )
            }
            {...triggerWords.controlProps}
          />
        </label>
        {triggerWords.message}
      </div>
    </>
  );
}
