import { type FormEvent, Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { care, portal, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../shared/client.ts';
import { Field, problemText } from './Field.tsx';
import { TextArea } from './TextArea.tsx';

type Village = ResponseOf<typeof portal.villages>[number];
type Group = ResponseOf<typeof portal.departments>[number];

/** 联系卡 and 意见反馈表 for beneficiaries and their families working away from home. */
export function CarePage() {
  const { t, i18n } = useTranslation();
  const [villages, setVillages] = useState<Village[]>([]);
  const [contacts, setContacts] = useState<Group[]>([]);
  const [form, setForm] = useState({ name: '', phone: '', divisionCode: '', text: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  useEffect(() => {
    call(portal.villages).then(setVillages, () => setVillages([]));
    call(portal.departments).then(setContacts, () => setContacts([]));
  }, []);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await call(care.fileOpinion, { body: form });
      setDone(true);
    } catch (err) {
      const field = (err as { problem?: { field?: string } }).problem?.field ?? 'text';
      setErrors({
        [Object.keys(form).includes(field) ? field : 'text']: problemText(err, i18n.language, t('error.generic')),
      });
    }
  };
  const civil = contacts.flatMap((g) =>
    g.departments
      .filter((d) => ['township_office', 'civil_affairs'].includes(d.kind) && d.phone)
      .map((d) => ({ ...d, where: g.divisionName })),
  );
  return (
    <>
      <h1>{t('care.title')}</h1>
      <section className="result" aria-labelledby="card">
        <h2 id="card">{t('care.card')}</h2>
        <p className="hint">{t('care.cardHint')}</p>
        <dl className="facts">
          {civil.map((d) => (
            <Fragment key={d.name}>
              <dt>{d.name}</dt>
              <dd>
                <a href={`tel:${d.phone}`}>{d.phone}</a>
              </dd>
            </Fragment>
          ))}
        </dl>
      </section>
      <h2>{t('care.opinion')}</h2>
      {done ? (
        <div className="notice ok" role="status" data-testid="care-opinion-filed">
          {t('care.filed')}
        </div>
      ) : (
        <form className="stack" onSubmit={submit} noValidate>
          <Field
            id="name"
            label={t('care.name')}
            value={form.name}
            onChange={set('name')}
            error={errors.name}
            maxLength={40}
            autoComplete="name"
          />
          <Field
            id="phone"
            label={t('care.phone')}
            value={form.phone}
            onChange={set('phone')}
            error={errors.phone}
            inputMode="tel"
            maxLength={11}
            autoComplete="tel"
          />
          <div>
            <label htmlFor="divisionCode">{t('care.home')}</label>
            <select
              id="divisionCode"
              className="input"
              value={form.divisionCode}
              onChange={set('divisionCode')}
              aria-invalid={errors.divisionCode ? true : undefined}
              aria-describedby={errors.divisionCode ? 'divisionCode-error' : undefined}
            >
              <option value="">{t('care.choose')}</option>
              {villages.map((v) => (
                <option key={v.code} value={v.code}>
                  {v.township} · {v.name}
                </option>
              ))}
            </select>
            {errors.divisionCode && (
              <div className="field-error" id="divisionCode-error" role="alert">
                {errors.divisionCode}
              </div>
            )}
          </div>
          <TextArea
            id="text"
            label={t('care.text')}
            hint={t('care.textHint')}
            value={form.text}
            onChange={set('text')}
            error={errors.text}
            maxLength={2000}
          />
          <button className="primary" type="submit">
            {t('care.submit')}
          </button>
        </form>
      )}
    </>
  );
}
