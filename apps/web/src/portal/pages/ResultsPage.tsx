import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EVALUATION_DIMENSIONS, type EvaluationDimension, evaluation, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../shared/client.ts';

type Row = ResponseOf<typeof evaluation.publicResults>[number];

const monthStart = () =>
  `${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7)}-01`;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** 好差评公示: this month's results by department, window, staff member or item, as the national system publishes them. */
export function ResultsPage() {
  const { t } = useTranslation();
  const [by, setBy] = useState<EvaluationDimension>('department');
  const [rows, setRows] = useState<Row[]>();
  useEffect(() => {
    call(evaluation.publicResults, { query: { by, from: monthStart(), to: today() } }).then(setRows, () => setRows([]));
  }, [by]);
  return (
    <>
      <h1>{t('results.title')}</h1>
      <div>
        <label htmlFor="by">{t('results.by')}</label>
        <select id="by" className="input" value={by} onChange={(e) => setBy(e.target.value as EvaluationDimension)}>
          {EVALUATION_DIMENSIONS.map((d) => (
            <option key={d} value={d}>
              {t(`results.dims.${d}`)}
            </option>
          ))}
        </select>
      </div>
      {rows?.length === 0 && <div className="notice info">{t('results.none')}</div>}
      <ul className="hits" data-testid="results">
        {rows?.map((r) => (
          <li key={r.key}>
            <strong>{r.label}</strong>
            <br />
            {t('results.line', { total: r.total, rate: r.satisfactionRate ?? '—', bad: r.bad, rectified: r.rectified })}
          </li>
        ))}
      </ul>
    </>
  );
}
