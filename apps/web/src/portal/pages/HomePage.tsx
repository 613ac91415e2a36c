import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function HomePage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('tagline')}</h1>
      <div className="cards">
        <Link className="card" to="/guide">
          <strong>{t('home.guide')}</strong>
          <span>{t('home.guideHint')}</span>
        </Link>
        <Link className="card" to="/ticket">
          <strong>{t('home.ticket')}</strong>
          <span>{t('home.ticketHint')}</span>
        </Link>
        <Link className="card" to="/evaluate" search={{ number: undefined, channel: undefined }}>
          <strong>{t('home.evaluate')}</strong>
          <span>{t('home.evaluateHint')}</span>
        </Link>
        <Link className="card" to="/track" search={{ number: undefined }}>
          <strong>{t('home.track')}</strong>
          <span>{t('home.trackHint')}</span>
        </Link>
        <Link className="card" to="/verify">
          <strong>{t('home.verify')}</strong>
          <span>{t('home.verifyHint')}</span>
        </Link>
        <Link className="card" to="/directory">
          <strong>{t('home.directory')}</strong>
          <span>{t('home.directoryHint')}</span>
        </Link>
        <Link className="card" to="/apply">
          <strong>{t('home.apply')}</strong>
          <span>{t('home.applyHint')}</span>
        </Link>
        <Link className="card" to="/notices">
          <strong>{t('home.notices')}</strong>
          <span>{t('home.noticesHint')}</span>
        </Link>
        <Link className="card" to="/complain">
          <strong>{t('home.complain')}</strong>
          <span>{t('home.complainHint')}</span>
        </Link>
        <Link className="card" to="/agency">
          <strong>{t('home.agency')}</strong>
          <span>{t('home.agencyHint')}</span>
        </Link>
        <Link className="card" to="/signin">
          <strong>{t('home.signin')}</strong>
          <span>{t('home.signinHint')}</span>
        </Link>
      </div>
    </>
  );
}
