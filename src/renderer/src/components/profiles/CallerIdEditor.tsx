import type { CallerIdChoice } from '../../../../shared/model';
import { useT } from '../../i18n';

const kinds: CallerIdChoice['kind'][] = ['landline', 'mobile', 'company', 'number', 'hidden'];

export function CallerIdEditor(props: { label: string; value: CallerIdChoice; onChange: (value: CallerIdChoice) => void }) {
  const t = useT();
  const { value, onChange } = props;
  return (
    <fieldset className="compact">
      <legend>{props.label}</legend>
      <label className="field">
        <span>{t('callerIdChoice.kind')}</span>
        <select
          value={value.kind}
          onChange={(event) => {
            const kind = event.target.value as CallerIdChoice['kind'];
            onChange(kind === 'number' ? { kind, number: '' } : { kind });
          }}
        >
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`callerIdChoice.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      {value.kind === 'number' && (
        <label className="field">
          <span>{t('callerIdChoice.numberField')}</span>
          <input value={value.number} inputMode="tel" onChange={(event) => onChange({ kind: 'number', number: event.target.value.trim() })} />
        </label>
      )}
    </fieldset>
  );
}
