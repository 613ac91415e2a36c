import { Link, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { portal, type ResponseOf } from '@grassroots/contracts';
import { ApiError } from '../../shared/api.ts';
import { call } from '../../shared/client.ts';
import { shanghaiDate } from '../../shared/time.ts';
import { Field, problemText } from './Field.tsx';
import { normaliseQueryCode, queryCodeLooksRight } from './queryCode.ts';

type Tracked = ResponseOf<typeof portal.track>;

const day = shanghaiDate;

/** A case by its number and the receipt's query code (or as its signed-in applicant): steps, departments, due date — nothing personal. */
export function TrackPage() {
  const { t, i18n } = useTranslation();
  const search = useSearch({ strict: false }) as { number?: string };
  const [number, setNumber] = useState(search.number ?? '');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ number?: string; queryCode?: string; form?: string }>({});
  const [result, setResult] = useState<Tracked>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!number.trim()) next.number = t('error.required', { field: t('track.number') });
    if (!queryCodeLooksRight(code)) next.queryCode = t('track.queryCodeInvalid');
    setErrors(next);
    setResult(undefined);
    if (Object.keys(next).length) return;
    setBusy(true);
    try {
      setResult(
        await call(portal.track, {
          query: { number: number.trim(), ...(code.trim() ? { queryCode: normaliseQueryCode(code) } : {}) },
        }),
      );
    } catch (err) {
      const known =
        err instanceof ApiError && err.status === 404
          ? t('track.notFound')
          : err instanceof ApiError && err.status === 429
            ? t('track.tooMany')
            : undefined;
      setErrors({ form: known ?? problemText(err, i18n.language, t('error.generic')) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t('track.title')}</h1>
      <form className="stack" onSubmit={submit} noValidate>
        <Field
          id="number"
          label={t('track.number')}
          hint={t('track.numberHint')}
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          error={errors.number}
          autoComplete="off"
        />
        <Field
          id="queryCode"
          label={t('track.queryCode')}
          hint={t('track.queryCodeHint')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.queryCode}
          maxLength={12}
          inputMode="text"
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
        />
        <button className="primary" type="submit" disabled={busy}>
          {t('track.submit')}
        </button>
      </form>
      {errors.form && (
        <div className="notice bad" role="alert">
          {errors.form}
        </div>
      )}
      {result && (
        <section className="result" aria-live="polite" data-testid="track-result">
          <h2>
            {result.number} · {i18n.language === 'en' ? result.typeNameEn : result.typeName}
          </h2>
          <dl className="facts">
            <dt>{t('track.status')}</dt>
            <dd>
              {result.isOpen ? t('track.open') : t('track.done')}（
              {t(`status.${result.status}`, { defaultValue: result.statusLabel })}）
            </dd>
            <dt>{t('track.opened')}</dt>
            <dd>{day(result.openedAt)}</dd>
            {result.dueDate && (
              <>
                <dt>{t('track.due')}</dt>
                <dd data-testid="track-due">{result.dueDate}</dd>
              </>
            )}
            {result.closedAt && (
              <>
                <dt>{t('track.closed')}</dt>
                <dd>{day(result.closedAt)}</dd>
              </>
            )}
          </dl>
          {result.paused && (
            <p>
              <span className="badge warn">{t('track.paused')}</span>
            </p>
          )}
          {!result.isOpen && (
            <p>
              <Link to="/evaluate" search={{ number: result.number, channel: undefined }} data-testid="evaluate-link">
                {t('evaluate.link')}
              </Link>
            </p>
          )}
          <h2>{t('track.steps')}</h2>
          <ol className="steps">
            {result.steps.map((s, i) => (
              <li key={i}>
                <time dateTime={s.at}>{day(s.at)}</time>
                {t(`step.${s.action}`, { defaultValue: s.label })}
                {s.department ? ` · ${s.department}` : ''}
              </li>
            ))}
          </ol>
          <p className="hint">{t('track.privacy')}</p>
        </section>
      )}
    </>
  );
}
