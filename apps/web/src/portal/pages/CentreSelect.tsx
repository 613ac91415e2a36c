import { centrePublic, type ResponseOf } from '@grassroots/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/client.ts';

export type Centre = ResponseOf<typeof centrePublic.centres>[number];

/** The centres that take numbers and bookings; the only one is chosen at once. */
export function useCentres(): [Centre[], string, (id: string) => void] {
  const [centres, setCentres] = useState<Centre[]>([]);
  const [centre, setCentre] = useState('');
  useEffect(() => {
    call(centrePublic.centres).then(
      (c) => {
        setCentres(c);
        if (c.length === 1) setCentre(c[0]!.id);
      },
      () => setCentres([]),
    );
  }, []);
  return [centres, centre, setCentre];
}

export function CentreSelect({
  centres,
  value,
  onChange,
}: {
  centres: Centre[];
  value: string;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div>
      <label htmlFor="centre">{t('book.centre')}</label>
      <select id="centre" className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('book.choose')}</option>
        {centres.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
