import { useMemo } from 'react';
import { knownCountries } from '../../../../shared/phone';
import { useLanguage, useT } from '../../i18n';

/**
 * Issue 13: the company's country, chosen by name in the admin's language (Intl.DisplayNames),
 * sorted as that language sorts. National numbers typed afterwards are read in it.
 */
export function CountryField(props: { value: string; onChange: (country: string) => void }) {
  const t = useT();
  const language = useLanguage();
  const countries = useMemo(() => {
    const names = new Intl.DisplayNames([language], { type: 'region' });
    const collator = new Intl.Collator(language);
    return knownCountries()
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => collator.compare(a.name, b.name));
  }, [language]);
  return (
    <div className="field">
      <label htmlFor="company-country">{t('admin.company.country')}</label>
      <select id="company-country" name="country" value={props.value} aria-describedby="company-country-hint" onChange={(e) => props.onChange(e.target.value)}>
        {countries.map((country) => (
          <option key={country.code} value={country.code}>
            {country.name}
          </option>
        ))}
      </select>
      <p id="company-country-hint" className="muted small">
        {t('admin.company.countryHint')}
      </p>
    </div>
  );
}
