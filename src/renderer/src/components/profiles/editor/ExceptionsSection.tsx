import type { Exceptions, Target } from '../../../../../shared/model';
import { useT } from '../../../i18n';
import { TargetEditor, defaultTarget } from '../TargetEditor';
import { useFieldProblem } from './problems';

/** Busy, unreachable and no-answer rules, and whether a second call rings (call waiting). */
export function ExceptionsSection(props: {
  value: Exceptions;
  onChange: <K extends keyof Exceptions>(key: K, value: Exceptions[K]) => void;
  callWaiting: boolean;
  onCallWaitingChange: (value: boolean) => void;
}) {
  const t = useT();
  const { value, onChange: setException } = props;
  const noAnswerProblem = useFieldProblem('exceptions.noAnswer');
  const afterProblem = useFieldProblem('exceptions.noAnswer.afterSeconds');
  return (
    <fieldset>
      <legend>{t('profile.section.exceptions')}</legend>
      {(['busy', 'unreachable'] as const).map((key) => {
        const target = value[key];
        return (
          <div key={key}>
            <label className="check">
              <input
                type="checkbox"
                checked={target !== null}
                onChange={(e) =>
                  setException(key, e.target.checked ? defaultTarget('voicemail') : null)
                }
              />
              {t(`profile.exception.${key}`)}
            </label>
            {target && (
              <TargetEditor
                path={`exceptions.${key}`}
                label={t(`profile.exception.${key}.target`)}
                value={target}
                onChange={(v: Target) => setException(key, v)}
              />
            )}
          </div>
        );
      })}
      <label className="check">
        <input
          type="checkbox"
          checked={value.noAnswer !== null}
          onChange={(e) =>
            setException(
              'noAnswer',
              e.target.checked ? { afterSeconds: 20, target: defaultTarget('voicemail') } : null,
            )
          }
        />
        {t('profile.exception.noAnswer')}
      </label>
      {noAnswerProblem.message}
      {value.noAnswer && (
        <>
          <label className="field inline">
            <span>{t('profile.exception.noAnswer.after')}</span>
            <input
              type="number"
              min={5}
              max={300}
              value={value.noAnswer.afterSeconds}
              onChange={(e) =>
                setException('noAnswer', {
                  ...value.noAnswer!,
                  afterSeconds: Number(e.target.value),
                })
              }
              {...afterProblem.controlProps}
            />
          </label>
          {afterProblem.message}
          <TargetEditor
            path="exceptions.noAnswer.target"
            label={t('profile.exception.noAnswer.target')}
            value={value.noAnswer.target}
            onChange={(v) => setException('noAnswer', { ...value.noAnswer!, target: v })}
          />
        </>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={props.callWaiting}
          onChange={(e) => props.onCallWaitingChange(e.target.checked)}
        />
        {t('profile.field.callWaiting')}
      </label>
    </fieldset>
  );
}
