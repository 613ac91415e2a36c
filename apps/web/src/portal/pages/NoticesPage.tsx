import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assistance, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../shared/client.ts';
import { Field, problemText } from './Field.tsx';
import { TextArea } from './TextArea.tsx';

type Notice = ResponseOf<typeof assistance.notices>[number];

/** 低保公示: households on notice now (names masked), each with a form to object. */
export function NoticesPage() {
  const { t } = useTranslation();
  const [notices, setNotices] = useState<Notice[]>();
  useEffect(() => {
    call(assistance.notices, { query: {} }).then(setNotices, () => setNotices([]));
  }, []);
  return (
    <>
      <h1>{t('notices.title')}</h1>
      <p className="hint">{t('notices.intro')}</p>
      {notices?.length === 0 && <div className="notice info">{t('notices.none')}</div>}
      {notices?.map((n) => (
        <section
          className="notice-card"
          key={n.caseNumber}
          aria-labelledby={`n-${n.caseNumber}`}
          data-testid={`notice-${n.caseNumber}`}
        >
          <h2 id={`n-${n.caseNumber}`}>
            {n.divisionName} · {n.applicant}
          </h2>
          <dl className="facts">
            <dt>{t('notices.members')}</dt>
            <dd>{t('notices.persons', { n: n.members })}</dd>
            <dt>{t('notices.amount')}</dt>
            <dd>{t('notices.yuan', { v: (n.monthlyAmountFen / 100).toFixed(2) })}</dd>
            <dt>{t('notices.period')}</dt>
            <dd>
              {n.noticeFrom} — {n.noticeUntil}
            </dd>
            {n.phone && (
              <>
                <dt>{t('notices.phone')}</dt>
                <dd>
                  <a href={`tel:${n.phone}`}>{n.phone}</a>
                </dd>
              </>
            )}
          </dl>
          <details className="group">
            <summary>{t('notices.object')}</summary>
            <ObjectionForm caseNumber={n.caseNumber} />
          </details>
        </section>
      ))}
    </>
  );
}

function ObjectionForm({ caseNumber }: { caseNumber: string }) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const id = (f: string) => `${f}-${caseNumber}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await call(assistance.fileObjection, {
        params: { number: caseNumber },
        body: { text, ...(name.trim() ? { name } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}) },
      });
      setDone(true);
    } catch (err) {
      const field = (err as { problem?: { field?: string } }).problem?.field ?? 'text';
      setErrors({
        [['text', 'name', 'phone'].includes(field) ? field : 'text']: problemText(
          err,
          i18n.language,
          t('error.generic'),
        ),
      });
    }
  };
  if (done)
    return (
      <div className="notice ok" role="status" data-testid="objection-filed">
        {t('notices.filed')}
      </div>
    );
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <TextArea
        id={id('text')}
        label={t('notices.text')}
        hint={t('notices.textHint')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={errors.text}
        maxLength={2000}
      />
      <Field
        id={id('name')}
        label={t('notices.name')}
        hint={t('notices.optional')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        maxLength={40}
      />
      <Field
        id={id('phone')}
        label={t('notices.contact')}
        hint={t('notices.optional')}
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        error={errors.phone}
        inputMode="tel"
        maxLength={11}
      />
      <button className="primary" type="submit">
        {t('notices.submit')}
      </button>
    </form>
  );
}
