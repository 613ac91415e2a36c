import { Link } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AllowanceProgramme, assistance, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../shared/client.ts';
import { Field, problemText } from './Field.tsx';
import { TextArea } from './TextArea.tsx';

type MyApplication = ResponseOf<typeof assistance.myApplications>[number];
const PROGRAMMES = AllowanceProgramme.options;

/** 网上申请低保, for a signed-in resident, and her applications with where each stands. */
export function ApplyPage() {
  const { t, i18n } = useTranslation();
  const [signedIn, setSignedIn] = useState<boolean>();
  const [mine, setMine] = useState<MyApplication[]>([]);
  const [form, setForm] = useState({
    programme: PROGRAMMES[0] as AllowanceProgramme,
    idNumber: '',
    reason: '',
    bankName: '',
    account: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const load = () =>
    call(assistance.myApplications).then(
      (r) => {
        setMine(r);
        setSignedIn(true);
      },
      () => setSignedIn(false),
    );
  useEffect(() => {
    void load();
  }, []);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await call(assistance.apply, {
        body: { ...form, ...(form.account.trim() ? {} : { account: undefined, bankName: undefined }) },
      });
      setDone(true);
      void load();
    } catch (err) {
      const field = (err as { problem?: { field?: string } }).problem?.field ?? 'reason';
      setErrors({
        [Object.keys(form).includes(field) ? field : 'reason']: problemText(err, i18n.language, t('error.generic')),
      });
    }
  };
  if (signedIn === undefined) return null;
  if (!signedIn)
    return (
      <>
        <h1>{t('apply.title')}</h1>
        <div className="notice info">
          {t('apply.signInFirst')} <Link to="/signin">{t('nav.signin')}</Link>
        </div>
      </>
    );
  return (
    <>
      <h1>{t('apply.title')}</h1>
      {done ? (
        <div className="notice ok" role="status" data-testid="application-filed">
          {t('apply.filed')}
        </div>
      ) : (
        <form className="stack" onSubmit={submit} noValidate>
          <fieldset>
            <legend>{t('apply.programme')}</legend>
            {PROGRAMMES.map((p) => (
              <label key={p} className="choice">
                <input
                  type="radio"
                  name="programme"
                  value={p}
                  checked={form.programme === p}
                  onChange={set('programme')}
                />
                {t(`apply.programmes.${p}`)}
              </label>
            ))}
          </fieldset>
          <Field
            id="idNumber"
            label={t('apply.idNumber')}
            hint={t('apply.idHint')}
            value={form.idNumber}
            onChange={set('idNumber')}
            error={errors.idNumber}
            maxLength={18}
            autoComplete="off"
          />
          <TextArea
            id="reason"
            label={t('apply.reason')}
            hint={t('apply.reasonHint')}
            value={form.reason}
            onChange={set('reason')}
            error={errors.reason}
            maxLength={2000}
          />
          <Field
            id="bankName"
            label={t('apply.bankName')}
            hint={t('apply.optional')}
            value={form.bankName}
            onChange={set('bankName')}
            error={errors.bankName}
            maxLength={60}
          />
          <Field
            id="account"
            label={t('apply.account')}
            hint={t('apply.accountHint')}
            value={form.account}
            onChange={set('account')}
            error={errors.account}
            inputMode="numeric"
            maxLength={30}
            autoComplete="off"
          />
          <p className="hint">{t('apply.privacy')}</p>
          <button className="primary" type="submit">
            {t('apply.submit')}
          </button>
        </form>
      )}
      <h2>{t('apply.mine')}</h2>
      {mine.length === 0 ? (
        <p>{t('apply.noneYet')}</p>
      ) : (
        <ul data-testid="my-applications">
          {mine.map((a) => (
            <li key={a.id}>
              {t(`apply.programmes.${a.programme}`)} · {a.submittedAt.slice(0, 10)} ·{' '}
              <span className="badge">
                {t(`apply.status.${a.status}`, { defaultValue: t(`status.${a.status}`, { defaultValue: a.status }) })}
              </span>
              {a.caseNumber && (
                <>
                  {' '}
                  ·{' '}
                  <Link to="/track" search={{ number: a.caseNumber }}>
                    {a.caseNumber}
                  </Link>
                </>
              )}
              {/* with the number, the query code follows the case on any device, signed in or not */}
              {a.queryCode && (
                <>
                  {' '}
                  · {t('track.queryCode')}{' '}
                  <span data-testid="my-query-code">{`${a.queryCode.slice(0, 4)}-${a.queryCode.slice(4)}`}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
