import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { portal, type ResponseOf } from '@grassroots/contracts';
import { call } from '../../shared/client.ts';

type Group = ResponseOf<typeof portal.departments>[number];

/** The county's departments, then each township's, with address, phone (tap to call) and hours. */
export function DirectoryPage() {
  const { t } = useTranslation();
  const [groups, setGroups] = useState<Group[]>();
  const [error, setError] = useState(false);
  useEffect(() => {
    call(portal.departments).then(setGroups, () => setError(true));
  }, []);
  return (
    <>
      <h1>{t('directory.title')}</h1>
      {error && (
        <div className="notice bad" role="alert">
          {t('error.generic')}
        </div>
      )}
      {groups?.map((g, i) => (
        <details key={g.divisionCode} className="group" open={i === 0}>
          <summary>{g.level === 3 ? `${g.divisionName} · ${t('directory.county')}` : g.divisionName}</summary>
          {g.departments.map((d) => (
            <article key={d.code} className="dept">
              <h3>{d.name}</h3>
              <dl className="facts">
                {d.address && (
                  <>
                    <dt>{t('directory.address')}</dt>
                    <dd>{d.address}</dd>
                  </>
                )}
                {d.phone && (
                  <>
                    <dt>{t('directory.phone')}</dt>
                    <dd>
                      <a href={`tel:${d.phone}`} aria-label={`${t('directory.call')} ${d.name} ${d.phone}`}>
                        {d.phone}
                      </a>
                    </dd>
                  </>
                )}
                {d.hours && (
                  <>
                    <dt>{t('directory.hours')}</dt>
                    <dd>{d.hours}</dd>
                  </>
                )}
              </dl>
            </article>
          ))}
        </details>
      ))}
    </>
  );
}
