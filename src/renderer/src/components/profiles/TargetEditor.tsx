import { useId } from 'react';
import type { Target } from '../../../../shared/model';
import { useT } from '../../i18n';
import { RingLegsEditor } from './RingLegsEditor';
import { useSoftphone } from '../../store/store';
import { useFieldProblem } from './editor/problems';

/** Picks one of the company's announcements or applications by name (never a raw id). */
function NamedPicker(props: {
  label: string;
  prompt: string;
  options: { id: string; name: string }[];
  value: string;
  current?: string;
  path: string;
  onPick: (option: { id: string; name: string }) => void;
}) {
  const t = useT();
  const { options, value } = props;
  const problem = useFieldProblem(props.path);
  // A target naming one the list does not have (gone, or not loaded yet) still shows its label.
  const missing = value !== '' && !options.some((o) => o.id === value);
  return (
    <div className="field-box">
      <label className="field">
        <span>{props.label}</span>
        <select
          value={value}
          onChange={(event) => {
            const option = options.find((o) => o.id === event.target.value);
            if (option) props.onPick(option);
          }}
          {...problem.controlProps}
        >
          <option value="" disabled>
            {options.length === 0 ? t('target.noneDefined') : props.prompt}
          </option>
          {missing && <option value={value}>{props.current ?? value}</option>}
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
      </label>
      {problem.message}
    </div>
  );
}

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

/**
 * Where a call goes: ring devices (with delays), a number, voicemail, a message, an app, or reject.
 * `path` is the target's field path (`routing.any`), for the problems shown next to its fields.
 */
export function TargetEditor(props: {
  label: string;
  value: Target;
  onChange: (value: Target) => void;
  path?: string;
}) {
  const t = useT();
  const id = useId();
  const { value, onChange } = props;
  const path = props.path ?? 'target';
  const destinations = useSoftphone((s) => s.ui.destinations);
  const targetProblem = useFieldProblem(path);
  const numberProblem = useFieldProblem(`${path}.number`);
  return (
    <fieldset className="target-editor">
      <legend>{props.label}</legend>
      {targetProblem.message}
      <label className="field">
        <span>{t('target.kind')}</span>
        <select
          id={`${id}-kind`}
          value={value.kind}
          onChange={(event) => onChange(defaultTarget(event.target.value as Target['kind']))}
        >
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`target.kind.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      {value.kind === 'ring' && (
        <RingLegsEditor
          path={path}
          value={value.devices}
          onChange={(legs) => onChange({ kind: 'ring', devices: legs })}
        />
      )}
      {value.kind === 'number' && (
        <div className="field-box">
          <label className="field">
            <span>{t('target.number')}</span>
            <input
              value={value.number}
              inputMode="tel"
              onChange={(event) => onChange({ kind: 'number', number: event.target.value.trim() })}
              {...numberProblem.controlProps}
            />
          </label>
          {numberProblem.message}
        </div>
      )}
      {value.kind === 'message' && (
        <NamedPicker
          label={t('target.message')}
          prompt={t('target.messagePick')}
          options={destinations?.announcements ?? []}
          value={value.messageId}
          current={value.label}
          path={`${path}.messageId`}
          onPick={(option) =>
            onChange({ kind: 'message', messageId: option.id, label: option.name })
          }
        />
      )}
      {value.kind === 'application' && (
        <NamedPicker
          label={t('target.application')}
          prompt={t('target.applicationPick')}
          options={destinations?.applications ?? []}
          value={value.applicationId}
          current={value.label}
          path={`${path}.applicationId`}
          onPick={(option) =>
            onChange({ kind: 'application', applicationId: option.id, label: option.name })
          }
        />
      )}
    </fieldset>
  );
}

export { defaultTarget };
