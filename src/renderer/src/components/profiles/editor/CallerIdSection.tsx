import type { ProfileFields } from '../../../../../shared/model';
import { useT } from '../../../i18n';
import { CallerIdEditor } from '../CallerIdEditor';
import { useEditorContext } from './problems';

type CallerIds = ProfileFields['callerId'];

/** The number presented on calls from the softphone and on calls from the mobile (only with a mobile number). */
export function CallerIdSection(props: { value: CallerIds; onChange: (value: CallerIds) => void }) {
  const t = useT();
  const { account } = useEditorContext();
  const { value, onChange } = props;
  return (
    <div className="grid two">
      <CallerIdEditor
        path="callerId.softphone"
        label={t('profile.field.callerIdSoftphone')}
        value={value.softphone}
        onChange={(v) => onChange({ ...value, softphone: v })}
      />
      {account.hasMobile && (
        <CallerIdEditor
          path="callerId.mobile"
          label={t('profile.field.callerIdMobile')}
          value={value.mobile}
          onChange={(v) => onChange({ ...value, mobile: v })}
        />
      )}
    </div>
  );
}
