import { useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../shared/api.ts';
import { Field, problemText } from './Field.tsx';
import { TextArea } from './TextArea.tsx';

interface Status { number: string; title: string; finished: boolean; given: Array<{ channel: string; level: number }> }

const LEVELS = [5, 4, 3, 2, 1];
/** the national sub-items of each channel */
const SUB_ITEMS: Record<'online' | 'onSite', string[]> = { online: ['efficiency', 'guideAccuracy', 'convenience', 'easeOfUse'], onSite: ['efficiency', 'competence', 'attitude'] };

/** 好差评 online: name the service by its number and ID tail, rate it in five levels; once, and never changed. */
export function EvaluatePage() {
  const { t, i18n } = useTranslation();
  const search = useSearch({ strict: false }) as { number?: string; channel?: string };
  // the pad at the window opens this page with channel=onSite; everywhere else it is the online channel
  const channel = search.channel === 'onSite' ? 'onSite' : 'online';
  const [number, setNumber] = useState(search.number ?? '');
  const [tail, setTail] = useState('');
  const [status, setStatus] = useState<Status>();
  const [level, setLevel] = useState<number>();
  const [sub, setSub] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<{ rectificationCase: string | null }>();

  const find = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      setStatus(await api.get<Status>(`/api/v1/public/evaluations/status${qs({ number: number.trim(), idTail: tail.trim() })}`));
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
      setDone(await api.post<{ rectificationCase: string | null }>('/api/v1/public/evaluations', { number: number.trim(), idTail: tail.trim(), channel, level, subScores: sub, ...(comment.trim() ? { comment: comment.trim() } : {}) }));
    } catch (err) {
      setError(problemText(err, i18n.language, t('error.generic')));
    }
  };

  if (done) return <div className="notice ok" role="status" data-testid="evaluated">{done.rectificationCase ? t('evaluate.badDone') : t('evaluate.done')}</div>;
  const rated = status?.given.some((g) => g.channel === channel);
  return (
    <>
      <h1>{t('evaluate.title')}</h1>
      {!status && (
        <form className="stack" onSubmit={find} noValidate>
          <Field id="number" label={t('track.number')} value={number} onChange={(e) => setNumber(e.target.value)} autoComplete="off" />
          <Field id="idTail" label={t('track.idTail')} value={tail} onChange={(e) => setTail(e.target.value)} maxLength={4} autoComplete="off" />
          <button className="primary" type="submit">{t('evaluate.find')}</button>
        </form>
      )}
      {status && !status.finished && <div className="notice info">{t('evaluate.notFinished')}</div>}
      {status && rated && <div className="notice info">{t('evaluate.already')}</div>}
      {status?.finished && !rated && (
        <form className="stack" onSubmit={submit} noValidate>
          <p><strong>{status.number}</strong> {status.title}</p>
          <fieldset>
            <legend>{t('evaluate.overall')}</legend>
            {LEVELS.map((n) => (
              <label key={n} className="slot"><input type="radio" name="level" value={n} checked={level === n} onChange={() => setLevel(n)} /> {t(`evaluate.levels.${n}`)}</label>
            ))}
          </fieldset>
          {SUB_ITEMS[channel].map((k) => (
            <div key={k}>
              <label htmlFor={`sub-${k}`}>{t(`evaluate.sub.${k}`)}</label>
              <select id={`sub-${k}`} className="input" value={sub[k] ?? ''} onChange={(e) => setSub({ ...sub, ...(e.target.value ? { [k]: Number(e.target.value) } : {}) })}>
                <option value="">{t('evaluate.sameAsOverall')}</option>
                {LEVELS.map((n) => <option key={n} value={n}>{t(`evaluate.levels.${n}`)}</option>)}
              </select>
            </div>
          ))}
          <TextArea id="comment" label={t('evaluate.comment')} hint={t('evaluate.commentHint')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
          <button className="primary" type="submit">{t('evaluate.submit')}</button>
        </form>
      )}
      {error && <div className="notice bad" role="alert">{error}</div>}
      <p><a href="/ratings">{t('results.title')}</a></p>
    </>
  );
}
