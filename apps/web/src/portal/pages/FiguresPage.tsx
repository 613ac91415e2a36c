import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { complaints, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../shared/client.ts';

type Row = ResponseOf<typeof complaints.figures>[number];

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** 事事有回音，件件有结果: complaints received, settled, on time, satisfied and repeated, by department or category, for any period (this year unless chosen). */
export function FiguresPage() {
  const { t } = useTranslation();
  const [by, setBy] = useState<'department' | 'category'>('department');
  const [from, setFrom] = useState(`${today().slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today());
  const [rows, setRows] = useState<Row[]>();
  useEffect(() => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to) || from > to) return;
    // an answer to an earlier choice that arrives late is dropped: the figures shown are the period chosen
    let current = true;
    call(complaints.figures, { query: { by, from, to } }).then(
      (r) => current && setRows(r),
      () => current && setRows([]),
    );
    return () => {
      current = false;
    };
  }, [by, from, to]);
  return (
    <>
      <h1>{t('figures.title')}</h1>
      <div className="locate">
        <label htmlFor="from">{t('figures.from')}</label>
        <input
          id="from"
          className="input"
          type="date"
          value={from}
          max={to}
          onChange={(e) => setFrom(e.target.value)}
        />
        <label htmlFor="to">{t('figures.to')}</label>
        <input id="to" className="input" type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
      </div>
      <div>
        <label htmlFor="by">{t('results.by')}</label>
        <select
          id="by"
          className="input"
          value={by}
          onChange={(e) => setBy(e.target.value as 'department' | 'category')}
        >
          <option value="department">{t('figures.department')}</option>
          <option value="category">{t('figures.category')}</option>
        </select>
      </div>
      {rows?.length === 0 && <div className="notice info">{t('figures.none')}</div>}
      <ul className="hits" data-testid="figures">
        {rows?.map((r) => (
          <li key={r.label}>
            <strong>{r.label}</strong>
            <br />
            {t('figures.line', {
              received: r.received,
              settled: r.settled,
              onTime: r.onTimeRate ?? '—',
              satisfied: r.satisfactionRate ?? '—',
              repeated: r.repeated,
            })}
          </li>
        ))}
      </ul>
    </>
  );
}
