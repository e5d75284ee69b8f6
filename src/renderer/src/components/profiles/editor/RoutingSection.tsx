import type { CalledNumberType, Routing } from '../../../../../shared/model';
import { useT } from '../../../i18n';
import { TargetEditor, defaultTarget } from '../TargetEditor';
import { useEditorContext } from './problems';

const overrideTypes: CalledNumberType[] = ['landline', 'internal', 'mobile'];

/** Where calls go: one target for any number, optionally overridden per called-number type. */
export function RoutingSection(props: { value: Routing; onChange: (value: Routing) => void }) {
  const t = useT();
  const { value, onChange } = props;
  const { account } = useEditorContext();
  return (
    <fieldset>
      <legend>{t('profile.section.routing')}</legend>
      <TargetEditor
        path="routing.any"
        label={t('profile.routing.any')}
        value={value.any}
        onChange={(v) => onChange({ ...value, any: v })}
      />
      {overrideTypes.map((type) => {
        const override = value[type];
        // Without a mobile number no call arrives on it: offered only when already set.
        if (type === 'mobile' && !account.hasMobile && override === undefined) return null;
        return (
          <div key={type}>
            <label className="check">
              <input
                type="checkbox"
                checked={override !== undefined}
                onChange={(e) => {
                  const routing = { ...value };
                  if (e.target.checked) routing[type] = defaultTarget('voicemail');
                  else delete routing[type];
                  onChange(routing);
                }}
              />
              {t('profile.routing.override', { type: t(`number.${type}`) })}
            </label>
            {override && (
              <TargetEditor
                path={`routing.${type}`}
                label={t('profile.routing.for', { type: t(`number.${type}`) })}
                value={override}
                onChange={(v) => onChange({ ...value, [type]: v })}
              />
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
