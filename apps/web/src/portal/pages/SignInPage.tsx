import { Link } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { portal, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../shared/client.ts';
import { Field, problemText } from './Field.tsx';

/** Residents sign in with a mobile number and an SMS code; later modules put their pages behind it. */
export function SignInPage() {
  const { t, i18n } = useTranslation();
  const [me, setMe] = useState<ResponseOf<typeof portal.signIn> | null>();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [demoCode, setDemoCode] = useState<string>();
  const [wait, setWait] = useState(0);
  const [errors, setErrors] = useState<{ phone?: string; code?: string }>({});
  const [info, setInfo] = useState<string>();

  useEffect(() => {
    call(portal.me).then(setMe, () => setMe(null));
  }, []);
  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);

  const fieldOf = (e: unknown) =>
    (e as { problem?: { field?: string } }).problem?.field === 'code' ? 'code' : 'phone';
  const send = async () => {
    setErrors({});
    try {
      const r = await call(portal.sendCode, { body: { phone: phone.trim() } });
      setDemoCode(r.demoCode);
      setInfo(t('signin.sent'));
      setWait(60);
    } catch (e) {
      setErrors({ phone: problemText(e, i18n.language, t('error.generic')) });
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      setMe(await call(portal.signIn, { body: { phone: phone.trim(), code: code.trim() } }));
    } catch (err) {
      setErrors({ [fieldOf(err)]: problemText(err, i18n.language, t('error.generic')) });
    }
  };
  const signOut = async () => {
    await call(portal.signOut);
    setMe(null);
  };

  if (me === undefined) return null;
  if (me) {
    return (
      <>
        <h1>{t('nav.me')}</h1>
        <div className="notice ok" data-testid="resident-signed-in">
          {t('signin.signedIn', { phone: me.phone })}
        </div>
        <p>
          <Link to="/apply">{t('signin.apply')}</Link>
        </p>
        <button className="secondary" type="button" onClick={signOut}>
          {t('signin.signOut')}
        </button>
      </>
    );
  }
  return (
    <>
      <h1>{t('signin.title')}</h1>
      <form className="stack" onSubmit={submit} noValidate>
        <div className="row">
          <Field
            id="phone"
            label={t('signin.phone')}
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            error={errors.phone}
            inputMode="tel"
            autoComplete="tel"
            maxLength={11}
          />
          <button className="secondary" type="button" onClick={send} disabled={wait > 0}>
            {wait > 0 ? t('signin.resend', { n: wait }) : t('signin.send')}
          </button>
        </div>
        {info && (
          <div className="notice info" role="status">
            {info}
          </div>
        )}
        {demoCode && (
          <div className="notice info" data-testid="demo-code">
            {t('signin.demoCode', { code: demoCode })}
          </div>
        )}
        <Field
          id="code"
          label={t('signin.code')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.code}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
        />
        <button className="primary" type="submit">
          {t('signin.submit')}
        </button>
      </form>
    </>
  );
}
