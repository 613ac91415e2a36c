import { Link, Outlet } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, rememberLanguage } from '../shared/language.ts';
import { applyTextSize, isLargeText } from './textSize.ts';

/** Header with the site name, a skip link, language and text size; the page below. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const [large, setLarge] = useState(isLargeText());
  return (
    <>
      <a className="skip" href="#main">
        {t('a11y.skip')}
      </a>
      <header className="top">
        <Link to="/" className="brand">
          {t('site')}
        </Link>
        <div className="tools">
          <label className="sr-only" htmlFor="lang">
            {t('a11y.language')}
          </label>
          <select
            id="lang"
            value={i18n.language}
            onChange={(e) => {
              const l = e.target.value as Language;
              rememberLanguage(l);
              void i18n.changeLanguage(l);
            }}
          >
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            aria-pressed={large}
            onClick={() => {
              applyTextSize(!large);
              setLarge(!large);
            }}
          >
            {large ? t('a11y.normal') : t('a11y.large')}
          </button>
        </div>
      </header>
      <nav className="tabs" aria-label={t('site')}>
        <Link to="/guide" activeProps={{ 'aria-current': 'page' }}>
          {t('nav.guide')}
        </Link>
        <Link to="/track" activeProps={{ 'aria-current': 'page' }}>
          {t('nav.track')}
        </Link>
        <Link to="/verify" activeProps={{ 'aria-current': 'page' }}>
          {t('nav.verify')}
        </Link>
        <Link to="/directory" activeProps={{ 'aria-current': 'page' }}>
          {t('nav.directory')}
        </Link>
        <Link to="/notices" activeProps={{ 'aria-current': 'page' }}>
          {t('nav.notices')}
        </Link>
        <Link to="/apply" activeProps={{ 'aria-current': 'page' }}>
          {t('nav.apply')}
        </Link>
        <Link to="/care" activeProps={{ 'aria-current': 'page' }}>
          {t('nav.care')}
        </Link>
        <Link to="/signin" activeProps={{ 'aria-current': 'page' }}>
          {t('nav.signin')}
        </Link>
      </nav>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
