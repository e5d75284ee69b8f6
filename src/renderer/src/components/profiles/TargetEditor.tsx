import { useId } from 'react';
import type { Target } from '../../../../shared/model';
import { useT } from '../../i18n';
import { RingLegsEditor } from './RingLegsEditor';

const kinds: Target['kind'][] = ['ring', 'number', 'voicemail', 'message', 'application', 'reject'];

function defaultTarget(kind: Target['kind']): Target {
  switch (kind) {
    case 'ring':
      return { kind, devices: [{ device: 'softphone', delaySeconds: 0 }] };
    case 'number':
      return { kind, number: '' };
    case 'message':
      return { kind, messageId: '' };
    case 'application':
      return { kind, applicationId: '' };
    default:
      return { kind };
  }
}

/** Where a call goes: ring devices (with delays), a number, voicemail, a message, an app, or reject. */
export function TargetEditor(props: { label: string; value: Target; onChange: (value: Target) => void }) {
  const t = useT();
  const id = useId();
  const { value, onChange } = props;
  return (
    <fieldset className="target-editor">
      <legend>{props.label}</legend>
      <label className="field">
        <span>{t('target.kind')}</span>
        <select id={`${id}-kind`} value={value.kind} onChange={(event) => onChange(defaultTarget(event.target.value as Target['kind']))}>
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`target.kind.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      {value.kind === 'ring' && <RingLegsEditor value={value.devices} onChange={(legs) => onChange({ kind: 'ring', devices: legs })} />}
      {value.kind === 'number' && (
        <label className="field">
          <span>{t('target.number')}</span>
          <input value={value.number} inputMode="tel" onChange={(event) => onChange({ kind: 'number', number: event.target.value.trim() })} />
        </label>
      )}
      {value.kind === 'message' && (
        <label className="field">
          <span>{t('target.message')}</span>
          <input value={value.messageId} onChange={(event) => onChange({ kind: 'message', messageId: event.target.value })} />
        </label>
      )}
      {value.kind === 'application' && (
        <label className="field">
          <span>{t('target.application')}</span>
          <input value={value.applicationId} onChange={(event) => onChange({ kind: 'application', applicationId: event.target.value })} />
        </label>
      )}
    </fieldset>
  );
}

export { defaultTarget };
