import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api.ts';

interface Row { label: string; received: number; settled: number; onTime: number; onTimeRate: number | null; calledBack: number; satisfied: number; satisfactionRate: number | null; repeated: number }

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** 事事有回音，件件有结果: this year's complaints received, settled, on time, satisfied and repeated, by department or category. */
export function FiguresPage() {
  const { t } = useTranslation();
  const [by, setBy] = useState<'department' | 'category'>('department');
  const [rows, setRows] = useState<Row[]>();
  useEffect(() => { api.get<Row[]>(`/api/v1/public/complaints/figures?by=${by}&from=${today().slice(0, 4)}-01-01&to=${today()}`).then(setRows, () => setRows([])); }, [by]);
  return (
    <>
      <h1>{t('figures.title')}</h1>
      <div>
        <label htmlFor="by">{t('results.by')}</label>
        <select id="by" className="input" value={by} onChange={(e) => setBy(e.target.value as 'department' | 'category')}>
          <option value="department">{t('figures.department')}</option>
          <option value="category">{t('figures.category')}</option>
        </select>
      </div>
      {rows?.length === 0 && <div className="notice info">{t('figures.none')}</div>}
      <ul className="hits" data-testid="figures">
        {rows?.map((r) => (
          <li key={r.label}><strong>{r.label}</strong><br />{t('figures.line', { received: r.received, settled: r.settled, onTime: r.onTimeRate ?? '—', satisfied: r.satisfactionRate ?? '—', repeated: r.repeated })}</li>
        ))}
      </ul>
    </>
  );
}
