import { Link, useParams } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogue, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../shared/client.ts';
import { Field } from './Field.tsx';

type Hit = ResponseOf<typeof catalogue.search>[number];
type Item = ResponseOf<typeof catalogue.get>;

/** 办事指南: search by any part of an item's name, conditions or materials (a wrong character is forgiven). */
export function GuideSearchPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[]>();
  const search = async (e?: FormEvent) => {
    e?.preventDefault();
    setHits(await call(catalogue.search, { query: { q: q.trim() } }).catch(() => []));
  };
  useEffect(() => {
    void search();
  }, []);
  return (
    <>
      <h1>{t('guide.title')}</h1>
      <form className="stack" role="search" onSubmit={search}>
        <Field
          id="q"
          label={t('guide.search')}
          hint={t('guide.searchHint')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          maxLength={40}
        />
        <button className="primary" type="submit">
          {t('guide.find')}
        </button>
      </form>
      {hits?.length === 0 && <div className="notice info">{t('guide.none')}</div>}
      <ul className="hits" data-testid="guide-hits">
        {hits?.map((h) => (
          <li key={h.code}>
            <Link to="/guide/$code" params={{ code: h.code }}>
              {h.name}
            </Link>{' '}
            <span className="badge">{t(`guide.mode.${h.handling_mode}`)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** One item's guide, readable on a phone: conditions, materials (容缺 marked), steps, limits, fees, where and when. */
export function GuideItemPage() {
  const { t } = useTranslation();
  const { code } = useParams({ strict: false }) as { code: string };
  const [item, setItem] = useState<Item | null>();
  useEffect(() => {
    call(catalogue.get, { params: { code }, query: {} }).then(setItem, () => setItem(null));
  }, [code]);
  if (item === undefined) return null;
  if (item === null) return <div className="notice bad">{t('guide.notFound')}</div>;
  const unit = t(`guide.unit.${item.limitUnit}`);
  return (
    <article data-testid="guide-item">
      <h1>{item.name}</h1>
      {item.appointment && (
        <p>
          <Link className="button-link" to="/book/$code" params={{ code: item.code }} data-testid="book-link">
            {t('book.book')}
          </Link>
        </p>
      )}
      <dl className="facts">
        <dt>{t('guide.code')}</dt>
        <dd>
          {item.code}（{t('guide.version', { n: item.version })}）
        </dd>
        <dt>{t('guide.limits')}</dt>
        <dd>
          {item.handlingMode === 'onTheSpot'
            ? t('guide.mode.onTheSpot')
            : t('guide.limitText', { promised: item.promisedDays, statutory: item.statutoryDays, unit })}
        </dd>
        <dt>{t('guide.visits')}</dt>
        <dd>{item.visitsNeeded}</dd>
        <dt>{t('guide.place')}</dt>
        <dd>
          {item.place} {item.window}
        </dd>
        <dt>{t('guide.hours')}</dt>
        <dd>{item.hours}</dd>
        <dt>{t('guide.phones')}</dt>
        <dd>
          <a href={`tel:${item.enquiryPhone}`}>{item.enquiryPhone}</a> /{' '}
          <a href={`tel:${item.complaintPhone}`}>{item.complaintPhone}</a>
        </dd>
      </dl>
      <h2>{t('guide.conditions')}</h2>
      <ul>
        {item.conditions.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <h2>{t('guide.materials')}</h2>
      <ol>
        {item.materials.map((m) => (
          <li key={m.name}>
            {m.name} · {t('guide.copies', { n: m.copies })} · {m.original ? t('guide.original') : t('guide.copy')}
            {m.electronic ? ` · ${t('guide.electronic')}` : ''}
            {!m.required ? ` · ${t('guide.optional')}` : m.mayComeLater ? ` · ${t('guide.later')}` : ''}
          </li>
        ))}
      </ol>
      <h2>{t('guide.steps')}</h2>
      <ol>
        {item.steps.map((s) => (
          <li key={s.name}>
            {s.name}
            {s.countsTowardLimit ? '' : `（${t('guide.notCounted')}）`}
          </li>
        ))}
      </ol>
      <h2>{t('guide.fees')}</h2>
      {item.fees.length === 0 ? (
        <p>{t('guide.free')}</p>
      ) : (
        <ul>
          {item.fees.map((f) => (
            <li key={f.name}>
              {f.name} {(f.amountFen / 100).toFixed(2)} {t('guide.yuan')}（{f.basis}）
            </li>
          ))}
        </ul>
      )}
      <h2>{t('guide.basis')}</h2>
      <ul>
        {item.legalBasis.map((b) => (
          <li key={b}>{b}</li>
        ))}
      </ul>
    </article>
  );
}
