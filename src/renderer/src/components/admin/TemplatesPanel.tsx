import { useState } from 'react';
import { useSoftphone } from '../../store/store';
import { cloneTemplate, openTemplate } from '../../store/actions/admin';
import { handled } from '../../store/actions/invoke';
import { formatDateTime, useLanguage, useT } from '../../i18n';
import { ApplyTemplate } from './ApplyTemplate';
import { TemplateEditor } from './TemplateEditor';

function CloneForm(props: { templateId: string; sourceName: string; onDone: () => void }) {
  const t = useT();
  const [name, setName] = useState(t('admin.templates.copyOf', { name: props.sourceName }));
  return (
    <form
      className="row inline-form"
      onSubmit={handled(async (event) => {
        event.preventDefault();
        if (await cloneTemplate(props.templateId, name)) props.onDone();
      })}
    >
      <label className="field grow">
        <span>{t('admin.templates.cloneName')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoFocus />
      </label>
      <button type="submit" className="primary" disabled={!name.trim()}>
        {t('admin.templates.createClone')}
      </button>
      <button type="button" className="secondary" onClick={props.onDone}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

export function TemplatesPanel() {
  const t = useT();
  const language = useLanguage();
  const templates = useSoftphone((s) => s.admin.templates);
  const open = useSoftphone((s) => s.admin.template);
  const [cloning, setCloning] = useState<string | null>(null);
  const [applying, setApplying] = useState<{ id: string; name: string } | null>(null);

  if (open) {
    return (
      <>
        <TemplateEditor
          key={`${open.id}:${open.updatedAt}`}
          template={open}
          onApply={() => setApplying({ id: open.id, name: open.name })}
          onClone={() => setCloning(open.id)}
        />
        {cloning && <CloneForm templateId={cloning} sourceName={open.name} onDone={() => setCloning(null)} />}
        {applying && <ApplyTemplate template={applying} onClose={() => setApplying(null)} />}
      </>
    );
  }
  if (!templates) return <p className="muted">{t('common.loading')}</p>;
  return (
    <>
      <table className="table">
        <caption className="visually-hidden">{t('admin.templates')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.templates.name')}</th>
            <th scope="col">{t('admin.templates.profiles')}</th>
            <th scope="col">{t('admin.templates.updated')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('history.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {templates.map((template) => (
            <tr key={template.id}>
              <td>
                {template.name} {template.builtIn && <span className="pill">{t('admin.templates.builtIn')}</span>}
              </td>
              <td>{template.profileCount}</td>
              <td>{formatDateTime(template.updatedAt, language)}</td>
              <td className="row wrap">
                <button type="button" className="secondary small" onClick={() => void openTemplate(template.id)}>
                  {t(template.builtIn ? 'admin.templates.view' : 'admin.templates.edit', { name: template.name })}
                </button>
                <button type="button" className="secondary small" onClick={() => setCloning(template.id)}>
                  {t('admin.templates.clone', { name: template.name })}
                </button>
                <button type="button" className="secondary small" onClick={() => setApplying({ id: template.id, name: template.name })}>
                  {t('admin.templates.apply', { name: template.name })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {cloning && (
        <CloneForm templateId={cloning} sourceName={templates.find((x) => x.id === cloning)?.name ?? ''} onDone={() => setCloning(null)} />
      )}
      {applying && <ApplyTemplate template={applying} onClose={() => setApplying(null)} />}
    </>
  );
}
