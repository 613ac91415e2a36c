import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agency, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../shared/client.ts';
import { Field, problemText } from './Field.tsx';
import { normaliseQueryCode } from './queryCode.ts';
import { TextArea } from './TextArea.tsx';

type View = ResponseOf<typeof agency.publicView>;

/** 企业代办进度: the enterprise follows its package (number + the query code it was given) and can complain through it. */
export function AgencyPage() {
  const { t, i18n } = useTranslation();
  const [number, setNumber] = useState('');
  const [code, setCode] = useState('');
  const [view, setView] = useState<View>();
  const [error, setError] = useState<string>();
  const [complaint, setComplaint] = useState({ text: '', name: '', phone: '' });
  const [filed, setFiled] = useState(false);
  const find = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      setView(
        await call(agency.publicView, {
          params: { number: number.trim().toUpperCase() },
          query: { queryCode: normaliseQueryCode(code) },
        }),
      );
    } catch (err) {
      setError(problemText(err, i18n.language, t('error.generic')));
    }
  };
  const complain = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await call(agency.complain, {
        params: { number: view!.number },
        body: {
          queryCode: normaliseQueryCode(code),
          text: complaint.text,
          ...(complaint.name ? { name: complaint.name } : {}),
          ...(complaint.phone ? { phone: complaint.phone } : {}),
        },
      });
      setFiled(true);
    } catch (err) {
      setError(problemText(err, i18n.language, t('error.generic')));
    }
  };
  return (
    <>
      <h1>{t('agency.title')}</h1>
      {!view && (
        <form className="stack" onSubmit={find} noValidate>
          <Field
            id="number"
            label={t('agency.number')}
            hint={t('agency.numberHint')}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            autoComplete="off"
          />
          <Field
            id="code"
            label={t('agency.code')}
            hint={t('agency.codeHint')}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            maxLength={12}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
          />
          <button className="primary" type="submit">
            {t('agency.find')}
          </button>
        </form>
      )}
      {view && (
        <section className="result" data-testid="agency-view">
          <h2>{view.projectName}</h2>
          <p>
            {view.enterprise} · {t('agency.agent')}：{view.agent}（{view.centre} {view.centrePhone ?? ''}）
          </p>
          <p>
            <strong>{t('agency.progress', { done: view.progress.done, total: view.progress.total })}</strong>
          </p>
          {view.blockers.length > 0 && (
            <div className="notice info">
              <strong>{t('agency.blocked')}</strong>
              <ul>
                {view.blockers.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            </div>
          )}
          <ol>
            {view.items.map((i) => (
              <li key={i.position}>
                {i.item} · {i.department} · {i.statusLabel}
                {i.dueDate ? ` · ${t('agency.due', { date: i.dueDate })}` : ''}
              </li>
            ))}
          </ol>
          {filed ? (
            <div className="notice ok" role="status">
              {t('agency.filed')}
            </div>
          ) : (
            <form className="stack" onSubmit={complain} noValidate>
              <h2>{t('agency.complain')}</h2>
              <TextArea
                id="text"
                label={t('agency.text')}
                value={complaint.text}
                onChange={(e) => setComplaint({ ...complaint, text: e.target.value })}
                maxLength={2000}
              />
              <Field
                id="name"
                label={t('agency.name')}
                value={complaint.name}
                onChange={(e) => setComplaint({ ...complaint, name: e.target.value })}
                maxLength={40}
              />
              <Field
                id="phone"
                label={t('agency.phone')}
                value={complaint.phone}
                onChange={(e) => setComplaint({ ...complaint, phone: e.target.value })}
                inputMode="tel"
                maxLength={11}
              />
              <button className="primary" type="submit">
                {t('agency.submit')}
              </button>
            </form>
          )}
        </section>
      )}
      {error && (
        <div className="notice bad" role="alert">
          {error}
        </div>
      )}
    </>
  );
}
