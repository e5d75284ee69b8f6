import type { ProfileFields } from '../../../../../shared/model';
import { useT } from '../../../i18n';
import { CallerIdEditor } from '../CallerIdEditor';

type CallerIds = ProfileFields['callerId'];

/** The number presented on calls from the softphone and on calls from the mobile. */
export function CallerIdSection(props: { value: CallerIds; onChange: (value: CallerIds) => void }) {
  const t = useT();
  const { value, onChange } = props;
  return (
    <div className="grid two">
      <CallerIdEditor label={t('profile.field.callerIdSoftphone')} value={value.softphone} onChange={(v) => onChange({ ...value, softphone: v })} />
      <CallerIdEditor label={t('profile.field.callerIdMobile')} value={value.mobile} onChange={(v) => onChange({ ...value, mobile: v })} />
    </div>
  );
}
