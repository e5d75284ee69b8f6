import { useEffect, useState } from 'react';
import type { CompanyNumbers, RegistrationLink } from '../../../../shared/server-api';
import { useT } from '../../i18n';
import { useSoftphone } from '../../store/store';
import { readableNumber } from '../../../../shared/people';
import { handled, invoke } from '../../store/actions/invoke';

const TYPES = ['main', 'queue', 'landline', 'mobile', 'internal'] as const;
type NumberKind = (typeof TYPES)[number];
const isKind = (type: string): type is NumberKind => (TYPES as readonly string[]).includes(type);

/** The company's self-registration link: copy it, or replace it (the old one stops working). */
function RegistrationLinkCard() {
  const t = useT();
  const [link, setLink] = useState<RegistrationLink | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [said, setSaid] = useState('');
  useEffect(() => {
    let live = true;
    void invoke('admin.registrationLink.get', null).then((answer) => {
      if (live && answer) setLink(answer);
    });
    return () => {
      live = false;
    };
  }, []);
  const rotate = handled(async () => {
    setConfirming(false);
    const answer = await invoke('admin.registrationLink.rotate', null);
    if (answer) {
      setLink(answer);
      setSaid(t('admin.tenancy.rotated'));
    }
  });
  return (
    <section className="card registration-link" aria-labelledby="registration-link-title">
      <h3 id="registration-link-title">{t('admin.tenancy.linkTitle')}</h3>
      <p className="muted">{t('admin.tenancy.linkHelp')}</p>
      {link === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <label className="field">
          <span>{t('admin.tenancy.link')}</span>
          <input readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
      <p role="status">{said}</p>
      <div className="row wrap end">
        <button
          type="button"
          className="secondary"
          disabled={!link}
          onClick={handled(async () => {
            if (!link) return;
            await navigator.clipboard.writeText(link.url);
            setSaid(t('admin.tenancy.copied'));
          })}
        >
          {t('admin.tenancy.copy')}
        </button>
        {confirming ? (
          <button type="button" className="danger" onClick={rotate}>
            {t('admin.tenancy.confirmRotate')}
          </button>
        ) : (
          <button type="button" className="secondary" disabled={!link} onClick={() => setConfirming(true)}>
            {t('admin.tenancy.rotate')}
          </button>
        )}
      </div>
    </section>
  );
}

/** The number ranges the company owns and which of its numbers are in use, by whom. */
function NumbersCard() {
  const t = useT();
  const countryCode = useSoftphone((s) => s.settings.countryCode);
  const [numbers, setNumbers] = useState<CompanyNumbers | null>(null);
  useEffect(() => {
    let live = true;
    void invoke('admin.numbers.get', null).then((answer) => {
      if (live && answer) setNumbers(answer);
    });
    return () => {
      live = false;
    };
  }, []);
  return (
    <section className="card company-numbers" aria-labelledby="company-numbers-title">
      <h3 id="company-numbers-title">{t('admin.tenancy.numbersTitle')}</h3>
      <p className="muted">{t('admin.tenancy.numbersHelp')}</p>
      {numbers === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          {numbers.blocks.length === 0 ? (
            <p>{t('admin.tenancy.noBlocks')}</p>
          ) : (
            <ul className="plain">
              {numbers.blocks.map((block) => (
                <li key={block.firstNumber}>
                  <code>{t('admin.tenancy.block', { first: readableNumber(block.firstNumber, countryCode), last: readableNumber(block.lastNumber, countryCode) })}</code>
                </li>
              ))}
            </ul>
          )}
          <h4>{t('admin.tenancy.inUse')}</h4>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.tenancy.number')}</th>
                  <th scope="col">{t('admin.tenancy.type')}</th>
                  <th scope="col">{t('admin.tenancy.holder')}</th>
                </tr>
              </thead>
              <tbody>
                {numbers.numbers.map((entry) => (
                  <tr key={`${entry.type}:${entry.number}`}>
                    <td>
                      {readableNumber(entry.number, countryCode)}
                    </td>
                    <td>{isKind(entry.type) ? t(`admin.tenancy.type.${entry.type}`) : entry.type}</td>
                    <td>{entry.holder ?? t('admin.tenancy.company')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** Issue 12: what the company owns and how people register into it. */
export function CompanyNumbersPanel() {
  return (
    <>
      <RegistrationLinkCard />
      <NumbersCard />
    </>
  );
}
