import { useSearch } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auth, evaluation, type ResponseOf } from '@grassroots/contracts';
import { setCsrfToken } from '../../shared/api.ts';
import { call } from '../../shared/client.ts';
import { Field, problemText } from './Field.tsx';
import { normaliseQueryCode, queryCodeLooksRight } from './queryCode.ts';
import { TextArea } from './TextArea.tsx';

type Status = ResponseOf<typeof evaluation.publicStatus>;
type Given = ResponseOf<typeof evaluation.evaluate>;

const LEVELS = [5, 4, 3, 2, 1];
/** the national sub-items of each channel */
const SUB_ITEMS: Record<'online' | 'onSite', string[]> = {
  online: ['efficiency', 'guideAccuracy', 'convenience', 'easeOfUse'],
  onSite: ['efficiency', 'competence', 'attitude'],
};

/**
 * 好差评: online, the applicant names the service by its number and the receipt's query code (or is
 * signed in as its applicant); on the window's pad (channel=onSite) the clerk's session vouches for
 * the case. Five levels, once per case, never changed.
 */
export function EvaluatePage() {
  const { t, i18n } = useTranslation();
  const search = useSearch({ strict: false }) as { number?: string; channel?: string };
  // the pad at the window opens this page with channel=onSite; everywhere else it is the online channel
  const channel = search.channel === 'onSite' ? 'onSite' : 'online';
  const [number, setNumber] = useState(search.number ?? '');
  const [code, setCode] = useState('');
  const [status, setStatus] = useState<Status>();
  const [level, setLevel] = useState<number>();
  const [sub, setSub] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<Given>();

  // the pad runs in the clerk's console session: its unsafe requests carry the session's CSRF token
  useEffect(() => {
    if (channel === 'onSite')
      call(auth.me).then(
        (me) => setCsrfToken(me.csrfToken ?? ''),
        () => setError(t('evaluate.padNumber')),
      );
  }, [channel, t]);
  const credentials = () => ({
    number: number.trim(),
    ...(channel === 'online' && code.trim() ? { queryCode: normaliseQueryCode(code) } : {}),
  });

  const find = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (!queryCodeLooksRight(code)) return setError(t('track.queryCodeInvalid'));
    try {
      const query = credentials();
      setStatus(
        channel === 'onSite'
          ? await call(evaluation.onSiteStatus, { query })
          : await call(evaluation.publicStatus, { query }),
      );
    } catch (err) {
      setError(problemText(err, i18n.language, t('error.generic')));
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (!level) return setError(t('evaluate.chooseLevel'));
    if (level <= 2 && !comment.trim()) return setError(t('evaluate.whyBad'));
    try {
      const body = {
        ...credentials(),
        level,
        subScores: sub,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      };
      setDone(
        channel === 'onSite'
          ? await call(evaluation.evaluateOnSite, { body })
          : await call(evaluation.evaluate, { body }),
      );
    } catch (err) {
      setError(problemText(err, i18n.language, t('error.generic')));
    }
  };

  if (done)
    return (
      <div className="notice ok" role="status" data-testid="evaluated">
        {done.rectificationCase ? t('evaluate.badDone') : t('evaluate.done')}
      </div>
    );
  const rated = status?.rated;
  return (
    <>
      <h1>{t('evaluate.title')}</h1>
      {channel === 'onSite' && <p className="hint">{t('evaluate.pad')}</p>}
      {!status && (
        <form className="stack" onSubmit={find} noValidate>
          <Field
            id="number"
            label={t('track.number')}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            autoComplete="off"
          />
          {channel === 'online' && (
            <Field
              id="queryCode"
              label={t('track.queryCode')}
              hint={t('track.queryCodeHint')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              maxLength={12}
              autoCapitalize="characters"
              autoComplete="off"
              spellCheck={false}
            />
          )}
          <button className="primary" type="submit">
            {t('evaluate.find')}
          </button>
        </form>
      )}
      {status && !status.finished && <div className="notice info">{t('evaluate.notFinished')}</div>}
      {status && rated && <div className="notice info">{t('evaluate.already')}</div>}
      {status?.finished && !rated && (
        <form className="stack" onSubmit={submit} noValidate>
          <p>
            <strong>{status.number}</strong> {status.title}
          </p>
          <fieldset>
            <legend>{t('evaluate.overall')}</legend>
            {LEVELS.map((n) => (
              <label key={n} className="slot">
                <input type="radio" name="level" value={n} checked={level === n} onChange={() => setLevel(n)} />{' '}
                {t(`evaluate.levels.${n}`)}
              </label>
            ))}
          </fieldset>
          {SUB_ITEMS[channel].map((k) => (
            <div key={k}>
              <label htmlFor={`sub-${k}`}>{t(`evaluate.sub.${k}`)}</label>
              <select
                id={`sub-${k}`}
                className="input"
                value={sub[k] ?? ''}
                onChange={(e) => setSub({ ...sub, ...(e.target.value ? { [k]: Number(e.target.value) } : {}) })}
              >
                <option value="">{t('evaluate.sameAsOverall')}</option>
                {LEVELS.map((n) => (
                  <option key={n} value={n}>
                    {t(`evaluate.levels.${n}`)}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <TextArea
            id="comment"
            label={t('evaluate.comment')}
            hint={t('evaluate.commentHint')}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={500}
          />
          <button className="primary" type="submit">
            {t('evaluate.submit')}
          </button>
        </form>
      )}
      {error && (
        <div className="notice bad" role="alert">
          {error}
        </div>
      )}
      <p>
        <a href="/ratings">{t('results.title')}</a>
      </p>
    </>
  );
}
