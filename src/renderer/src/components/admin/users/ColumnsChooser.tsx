import { useState } from 'react';
import { USER_COLUMNS, type UserColumn } from '../../../../../shared/admin-users-api';
import { useT } from '../../../i18n';
import { handled } from '../../../store/actions/invoke';

/**
 * Seed 002's "Edit Viewable/Hidden Fields": tick the columns to show and save; the choice is kept
 * on the admin's account (it survives reloads and other computers).
 */
export function ColumnsChooser(props: { value: UserColumn[]; label: (column: UserColumn) => string; onSave: (columns: UserColumn[]) => Promise<unknown>; hidden?: readonly UserColumn[] }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<UserColumn[]>(props.value);
  return (
    <details className="columns" open={open} onToggle={(e) => {
        const opened = e.currentTarget.open;
        // each opening starts from the saved choice
        if (opened && !open) setDraft(props.value);
        setOpen(opened);
      }}>
      <summary>{t('admin.users.columns')}</summary>
      <form
        onSubmit={handled(async (event) => {
          event.preventDefault();
          await props.onSave(draft);
          setOpen(false);
        })}
      >
        <fieldset className="row wrap">
          <legend className="visually-hidden">{t('admin.users.columns')}</legend>
          {USER_COLUMNS.filter((column) => !props.hidden?.includes(column)).map((column) => (
            <label key={column} className="check">
              <input
                type="checkbox"
                checked={draft.includes(column)}
                onChange={(e) => setDraft(e.target.checked ? USER_COLUMNS.filter((c) => c === column || draft.includes(c)) : draft.filter((c) => c !== column))}
              />
              {props.label(column)}
            </label>
          ))}
        </fieldset>
        <div className="row end">
          <button type="submit" className="primary small" disabled={draft.length === 0}>
            {t('admin.users.saveColumns')}
          </button>
        </div>
      </form>
    </details>
  );
}
