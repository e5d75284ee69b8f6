import { ProfileType, type ProfileFields } from '../../../../../shared/model';
import { useT, type MessageKey } from '../../../i18n';
import { CallerIdSection } from '../../profiles/editor/CallerIdSection';
import { ExceptionsSection } from '../../profiles/editor/ExceptionsSection';
import { QueuesSection } from '../../profiles/editor/QueuesSection';
import { RoutingSection } from '../../profiles/editor/RoutingSection';

/** The profile fields a mass edit offers (seed 001's settings), with the words that name them. */
export const MASS_EDIT_FIELDS = [
  ['availability', 'profile.field.availability'],
  ['type', 'profile.field.type'],
  ['priority', 'profile.field.priority'],
  ['standardLengthMinutes', 'profile.field.standardLength'],
  ['callerId', 'admin.massEdit.field.callerId'],
  ['routing', 'profile.section.routing'],
  ['exceptions', 'profile.section.exceptions'],
  ['callWaiting', 'admin.massEdit.field.callWaiting'],
  ['queues', 'profile.section.queues'],
  ['recording', 'profile.field.recording'],
] as const satisfies readonly (readonly [keyof ProfileFields, MessageKey])[];
export type MassEditField = (typeof MASS_EDIT_FIELDS)[number][0];

/**
 * The value a mass edit sets, edited with the profile editor's own controls; `draft` is a whole
 * profile (the first chosen user's) so the sections get the neighbours they need.
 */
export function MassEditValue(props: {
  field: MassEditField;
  draft: ProfileFields;
  queues: { id: string; name: string }[];
  onChange: <K extends keyof ProfileFields>(key: K, value: ProfileFields[K]) => void;
}) {
  const t = useT();
  const { field, draft, onChange: set } = props;
  switch (field) {
    case 'availability':
      return (
        <label className="field">
          <span>{t('admin.massEdit.newValue')}</span>
          <select value={draft.availability} onChange={(e) => set('availability', e.target.value as ProfileFields['availability'])}>
            <option value="available">{t('availability.available')}</option>
            <option value="not_available">{t('availability.not_available')}</option>
          </select>
        </label>
      );
    case 'type':
      return (
        <label className="field">
          <span>{t('admin.massEdit.newValue')}</span>
          <select value={draft.type} onChange={(e) => set('type', e.target.value as ProfileFields['type'])}>
            {ProfileType.options.map((type) => (
              <option key={type} value={type}>
                {t(`profileType.${type}`)}
              </option>
            ))}
          </select>
        </label>
      );
    case 'priority':
      return (
        <label className="field">
          <span>{t('admin.massEdit.newValue')}</span>
          <input type="number" min={1} max={99} value={draft.priority} onChange={(e) => set('priority', Number(e.target.value))} />
        </label>
      );
    case 'standardLengthMinutes':
      return (
        <label className="field">
          <span>{t('admin.massEdit.newValue')}</span>
          <input
            type="number"
            min={1}
            value={draft.standardLengthMinutes ?? ''}
            onChange={(e) => set('standardLengthMinutes', e.target.value === '' ? null : Number(e.target.value))}
          />
        </label>
      );
    case 'callerId':
      return <CallerIdSection value={draft.callerId} onChange={(v) => set('callerId', v)} />;
    case 'routing':
      return <RoutingSection value={draft.routing} onChange={(v) => set('routing', v)} />;
    case 'exceptions':
      return (
        <ExceptionsSection
          value={draft.exceptions}
          onChange={(key, value) => set('exceptions', { ...draft.exceptions, [key]: value })}
          callWaiting={draft.callWaiting}
          onCallWaitingChange={(v) => set('callWaiting', v)}
        />
      );
    case 'queues':
      return <QueuesSection value={draft.queues} queues={props.queues} onChange={(v) => set('queues', v)} />;
    case 'callWaiting':
    case 'recording':
      return (
        <label className="check">
          <input type="checkbox" checked={draft[field]} onChange={(e) => set(field, e.target.checked)} />
          {t(field === 'recording' ? 'profile.field.recording' : 'profile.field.callWaiting')}
        </label>
      );
  }
}
