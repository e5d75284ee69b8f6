import { useId } from 'react';
import { useSoftphone } from '../../store/store';
import { clearCsv, dryRunCsv, fetchCsvExport, fetchCsvTemplate, submitCsv } from '../../store/actions/admin';
import { handled, showError } from '../../store/actions/invoke';
import { decodeCsvBytes } from '../../../../shared/csvEncoding';
import { useT, useText } from '../../i18n';

function download(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Bulk users: download the template (allowed values and an example row) or every user (export,
 * to edit and upload again), upload a file, read the verification report (every bad
 * row named), and only then submit; submit is impossible while any row is invalid. The submit
 * runs on the server as a job: a progress bar follows it until the rows are committed.
 */
export function CsvImport() {
  const t = useT();
  const say = useText();
  const inputId = useId();
  const csv = useSoftphone((s) => s.admin.csv);
  const progressId = useId();
  const checking = useSoftphone((s) => (s.ui.pending['admin.users.csvDryRun'] ?? 0) > 0);
  // from the click until the server's job has committed or failed
  const running = useSoftphone((s) => (s.ui.pending['admin.users.csvSubmit'] ?? 0) > 0 || s.admin.csv?.job?.state === 'running');

  return (
    <section className="card csv" aria-labelledby="csv-title">
      <h3 id="csv-title">{t('admin.csv.title')}</h3>
      <div className="row wrap">
        <button
          type="button"
          className="secondary"
          onClick={handled(async () => {
            const template = await fetchCsvTemplate();
            if (template) download(template.fileName, template.content);
          })}
        >
          {t('admin.csv.download')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={handled(async () => {
            const exported = await fetchCsvExport();
            if (exported) download(exported.fileName, exported.content);
          })}
        >
          {t('admin.csv.export')}
        </button>
        <label htmlFor={inputId} className="field inline">
          <span>{t('admin.csv.upload')}</span>
        </label>
        <input
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          onChange={handled(async (event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (!file) return;
            try {
              // Excel writes UTF-16 or Windows-1252 as often as UTF-8: decode the bytes ourselves.
              const decoded = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
              if (!decoded.ok) {
                showError(say(decoded.problem));
                return;
              }
              await dryRunCsv(file.name, decoded.text);
            } catch (error) {
              showError(t('admin.csv.readFailed', { reason: error instanceof Error ? error.message : String(error) }));
            }
          })}
        />
      </div>
      {checking && <p role="status">{t('admin.csv.checking')}</p>}
      {csv && (
        <div className="csv-report" role="region" aria-labelledby="csv-report-title">
          <h4 id="csv-report-title">{t('admin.csv.report', { file: csv.fileName })}</h4>
          <p role="status">
            {t('admin.csv.summary', { create: csv.report.create.length, change: csv.report.change.length, invalid: csv.report.invalid.length })}
          </p>
          {csv.report.invalid.length > 0 && (
            <div role="alert">
              <p className="error-text">{t('admin.csv.fixFirst')}</p>
              <ul className="errors">
                {csv.report.invalid.map((row) => {
                  // The server's texts, in the admin's language; its English words for older servers.
                  const problems = row.texts ? row.texts.map(say) : row.problems;
                  return problems.length > 1 ? (
                    <li key={row.line}>
                      {t('admin.csv.invalidLine', { line: row.line })}
                      <ul>
                        {problems.map((problem) => (
                          <li key={problem}>{problem}</li>
                        ))}
                      </ul>
                    </li>
                  ) : (
                    <li key={row.line}>{t('admin.csv.invalidRow', { line: row.line, reason: problems[0] ?? row.reason })}</li>
                  );
                })}
              </ul>
            </div>
          )}
          {csv.report.create.length > 0 && (
            <details open>
              <summary>{t('admin.csv.toCreate', { n: csv.report.create.length })}</summary>
              <ul>
                {csv.report.create.map((row) => (
                  <li key={row.line}>{t('admin.csv.createRow', { line: row.line, userName: row.userName, email: row.email })}</li>
                ))}
              </ul>
            </details>
          )}
          {csv.report.change.length > 0 && (
            <details open>
              <summary>{t('admin.csv.toChange', { n: csv.report.change.length })}</summary>
              <ul>
                {csv.report.change.map((row) => (
                  <li key={row.line}>{t('admin.csv.changeRow', { line: row.line, userName: row.userName, fields: row.fields.join(', ') })}</li>
                ))}
              </ul>
            </details>
          )}
          {running && csv.job && (
            <div className="csv-progress">
              <label htmlFor={progressId}>{t('admin.csv.progress', { done: csv.job.done, total: csv.job.total })}</label>
              <progress id={progressId} value={csv.job.done} max={Math.max(1, csv.job.total)} />
              {csv.job.done >= csv.job.total && <p role="status">{t('admin.csv.committing')}</p>}
            </div>
          )}
          <div className="row end">
            <button type="button" className="secondary" onClick={clearCsv} disabled={running}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={running || csv.report.invalid.length > 0 || csv.report.create.length + csv.report.change.length === 0}
              onClick={() => void submitCsv()}
            >
              {running ? t('admin.csv.submitting') : t('admin.csv.submit')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
