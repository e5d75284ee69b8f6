import type { CallerIdChoice } from '../../../../shared/model';
import { callerIdLabel } from '../../../../shared/callerIdLabel';
import { readableNumber } from '../../../../shared/people';
import { useT, useText } from '../../i18n';
import { useEditorContext, useFieldProblem } from './editor/problems';

const kinds: CallerIdChoice['kind'][] = ['landline', 'mobile', 'company', 'number', 'hidden'];

/**
 * The number shown on outgoing calls. In a user's own editor an explicit number is picked from
 * the numbers they may show (their administrator sets those), and "mobile" is offered only to
 * users with a mobile number; a choice already stored is always shown, with why it cannot work.
 * `path` is the field path (`callerId.softphone`).
 */
export function CallerIdEditor(props: {
  label: string;
  value: CallerIdChoice;
  onChange: (value: CallerIdChoice) => void;
  path?: string;
}) {
  const t = useT();
  const say = useText();
  const { account, callerIdOptions } = useEditorContext();
  const { value, onChange } = props;
  const path = props.path ?? 'callerId';
  const choiceProblem = useFieldProblem(path);
  const numberProblem = useFieldProblem(`${path}.number`);
  const offered = kinds.filter(
    (kind) => kind === value.kind || kind !== 'mobile' || account.hasMobile,
  );
  const numberOptions = callerIdOptions;
  return (
    <fieldset className="compact">
      <legend>{props.label}</legend>
      <div className="field-box">
        <label className="field">
          <span>{t('callerIdChoice.kind')}</span>
          <select
            value={value.kind}
            onChange={(event) => {
              const kind = event.target.value as CallerIdChoice['kind'];
              onChange(
                kind === 'number' ? { kind, number: numberOptions?.[0]?.number ?? '' } : { kind },
              );
            }}
            {...choiceProblem.controlProps}
          >
            {offered.map((kind) => (
              <option key={kind} value={kind}>
                {t(`callerIdChoice.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        {choiceProblem.message}
      </div>
      {value.kind === 'number' &&
        (numberOptions !== null ? (
          <div className="field-box">
            <label className="field">
              <span>{t('callerIdChoice.numberField')}</span>
              <select
                value={value.number}
                onChange={(event) => onChange({ kind: 'number', number: event.target.value })}
                {...numberProblem.controlProps}
              >
                {!numberOptions.some((o) => o.number === value.number) && (
                  <option value={value.number}>{readableNumber(value.number)}</option>
                )}
                {numberOptions.map((option) => (
                  <option key={option.number} value={option.number}>
                    {say(callerIdLabel(option, null))} · {readableNumber(option.number)}
                  </option>
                ))}
              </select>
            </label>
            {numberProblem.message}
          </div>
        ) : (
          <div className="field-box">
            <label className="field">
              <span>{t('callerIdChoice.numberField')}</span>
              <input
                value={value.number}
                inputMode="tel"
                onChange={(event) =>
                  onChange({ kind: 'number', number: event.target.value.trim() })
                }
                {...numberProblem.controlProps}
              />
            </label>
            {numberProblem.message}
          </div>
        ))}
    </fieldset>
  );
}
