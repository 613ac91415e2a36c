import { Link } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { complaints, portal, type ResponseOf, Satisfaction } from '@grassroots/contracts';
import { api, ApiError } from '../../shared/api.ts';
import { call, urlOf } from '../../shared/client.ts';
import { Field, problemText } from './Field.tsx';
import { TextArea } from './TextArea.tsx';

type Category = ResponseOf<typeof complaints.categories>[number];
type Village = ResponseOf<typeof portal.villages>[number];
type Mine = ResponseOf<typeof complaints.mine>[number];

/** 我要投诉: a signed-in resident files a complaint (her own mobile), and follows her matters. */
export function ComplainPage() {
  const { t, i18n } = useTranslation();
  const [signedIn, setSignedIn] = useState<boolean>();
  const [categories, setCategories] = useState<Category[]>([]);
  const [villages, setVillages] = useState<Village[]>([]);
  const [form, setForm] = useState({
    categoryCode: '',
    divisionCode: '',
    address: '',
    description: '',
    name: '',
    phone: '',
  });
  const [photos, setPhotos] = useState<Array<{ hash: string; preview: string }>>([]);
  const [uploading, setUploading] = useState(false);
  const [point, setPoint] = useState<{ lat: number; lng: number }>();
  const [locating, setLocating] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [filed, setFiled] = useState<string>();
  useEffect(() => {
    call(portal.me).then(
      () => setSignedIn(true),
      () => setSignedIn(false),
    );
    call(complaints.categories).then(setCategories, () => setCategories([]));
    call(portal.villages).then(setVillages, () => setVillages([]));
  }, []);
  const leaves = categories.filter((c) => !categories.some((x) => x.parentCode === c.code));
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  // each photo is uploaded as soon as it is chosen, so a refused one is named at once
  const addPhotos = async (files: File[]) => {
    setError(undefined);
    setUploading(true);
    try {
      for (const file of files.slice(0, 9 - photos.length)) {
        const data = new FormData();
        data.append('file', file);
        // multipart: the photo goes as form data, not through the typed client's JSON body
        const { hash } = await api.post<ResponseOf<typeof complaints.uploadPhoto>>(urlOf(complaints.uploadPhoto), data);
        // the same photo chosen twice is attached once
        setPhotos((p) => (p.some((x) => x.hash === hash) ? p : [...p, { hash, preview: URL.createObjectURL(file) }]));
      }
    } catch (err) {
      setError(problemText(err, i18n.language, t('error.generic')));
    } finally {
      setUploading(false);
    }
  };
  // the map point is optional: the phone's position, only when she asks for it
  const locate = () => {
    if (!navigator.geolocation) return setError(t('complain.noLocation'));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setPoint({ lat: Math.round(p.coords.latitude * 1e6) / 1e6, lng: Math.round(p.coords.longitude * 1e6) / 1e6 });
        setLocating(false);
      },
      () => {
        setError(t('complain.noLocation'));
        setLocating(false);
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setSending(true);
    try {
      setFiled(
        (
          await call(complaints.file, {
            body: {
              ...form,
              ...(form.address ? {} : { address: undefined }),
              ...(form.name ? {} : { name: undefined }),
              ...point,
              photos: photos.map((p) => p.hash),
            },
          })
        ).number,
      );
    } catch (err) {
      setError(problemText(err, i18n.language, t('error.generic')));
    } finally {
      setSending(false);
    }
  };
  if (signedIn === false)
    return (
      <div className="notice info">
        {t('complain.signInFirst')} <Link to="/signin">{t('nav.signin')}</Link>
      </div>
    );
  if (filed)
    return (
      <div className="notice ok" role="status" data-testid="complaint-filed">
        {t('complain.filed', { number: filed })} <Link to="/complaints">{t('complain.mine')}</Link>
      </div>
    );
  return (
    <>
      <h1>{t('complain.title')}</h1>
      <form className="stack" onSubmit={submit} noValidate>
        <div>
          <label htmlFor="categoryCode">{t('complain.category')}</label>
          <select id="categoryCode" className="input" value={form.categoryCode} onChange={set('categoryCode')}>
            <option value="">{t('book.choose')}</option>
            {leaves.map((c) => (
              <option key={c.code} value={c.code}>
                {categories.find((p) => p.code === c.parentCode)?.name
                  ? `${categories.find((p) => p.code === c.parentCode)!.name} · `
                  : ''}
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="divisionCode">{t('complain.village')}</label>
          <select id="divisionCode" className="input" value={form.divisionCode} onChange={set('divisionCode')}>
            <option value="">{t('book.choose')}</option>
            {villages.map((v) => (
              <option key={v.code} value={v.code}>
                {v.township} {v.name}
              </option>
            ))}
          </select>
        </div>
        <Field
          id="address"
          label={t('complain.address')}
          value={form.address}
          onChange={set('address')}
          maxLength={200}
        />
        <div className="locate">
          <button type="button" className="secondary" onClick={locate} disabled={locating}>
            {t(point ? 'complain.relocate' : 'complain.locate')}
          </button>
          {point && (
            <span data-testid="map-point">
              {t('complain.located', { latitude: point.lat, longitude: point.lng })}{' '}
              <button type="button" className="secondary" onClick={() => setPoint(undefined)}>
                {t('complain.clearLocation')}
              </button>
            </span>
          )}
        </div>
        <TextArea
          id="description"
          label={t('complain.description')}
          hint={t('complain.descriptionHint')}
          value={form.description}
          onChange={set('description')}
          maxLength={4000}
        />
        <div>
          <label htmlFor="photos">{t('complain.photos')}</label>
          <p className="hint" id="photos-hint">
            {t('complain.photosHint')}
          </p>
          <input
            id="photos"
            type="file"
            accept="image/png,image/jpeg"
            multiple
            aria-describedby="photos-hint"
            disabled={uploading || photos.length >= 9}
            onChange={(e) => {
              const chosen = [...(e.target.files ?? [])];
              e.target.value = '';
              void addPhotos(chosen);
            }}
          />
          {uploading && <p role="status">{t('complain.uploading')}</p>}
          <ul className="photos">
            {photos.map((p, i) => (
              <li key={p.hash}>
                <img src={p.preview} alt={t('complain.photoAlt', { n: i + 1 })} />
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setPhotos(photos.filter((x) => x.hash !== p.hash))}
                >
                  {t('complain.removePhoto', { n: i + 1 })}
                </button>
              </li>
            ))}
          </ul>
        </div>
        <Field id="name" label={t('complain.name')} value={form.name} onChange={set('name')} maxLength={40} />
        <Field
          id="phone"
          label={t('complain.phone')}
          hint={t('complain.phoneHint')}
          value={form.phone}
          onChange={set('phone')}
          inputMode="tel"
          maxLength={11}
        />
        <button className="primary" type="submit" disabled={uploading || sending}>
          {t('complain.submit')}
        </button>
      </form>
      {error && (
        <div className="notice bad" role="alert">
          {error}
        </div>
      )}
      <p>
        <a href="/figures">{t('complain.figuresLink')}</a>
      </p>
    </>
  );
}

/** 我的诉求: state, the department's reply and result; the callback answered here. */
export function MyComplaintsPage() {
  const { t, i18n } = useTranslation();
  const [mine, setMine] = useState<Mine[]>();
  const [error, setError] = useState<string>();
  const load = () =>
    call(complaints.mine).then(setMine, (e: unknown) =>
      setError(
        e instanceof ApiError && e.status === 401
          ? t('complain.signInFirst')
          : problemText(e, i18n.language, t('error.generic')),
      ),
    );
  useEffect(() => {
    void load();
  }, []);
  const answer = async (number: string, satisfaction: Satisfaction) => {
    try {
      await call(complaints.callback, { params: { number }, body: { satisfaction } });
      void load();
    } catch (err) {
      setError(problemText(err, i18n.language, t('error.generic')));
    }
  };
  return (
    <>
      <h1>{t('complain.mine')}</h1>
      {error && (
        <div className="notice bad" role="alert">
          {error}
        </div>
      )}
      {mine?.length === 0 && <div className="notice info">{t('complain.none')}</div>}
      {mine?.map((m) => (
        <section key={m.number} className="notice-card" data-testid="my-complaint">
          <h2>
            {m.number} · {m.category}
          </h2>
          <p>{m.statusLabel}</p>
          {m.photos.length > 0 && (
            <ul className="photos">
              {m.photos.map((hash, i) => (
                <li key={hash}>
                  <img
                    src={urlOf(complaints.photo, { params: { number: m.number, hash } })}
                    alt={t('complain.photoAlt', { n: i + 1 })}
                  />
                </li>
              ))}
            </ul>
          )}
          {m.reply && (
            <p>
              <strong>{t('complain.reply')}：</strong>
              {m.reply}
            </p>
          )}
          {m.documents.length > 0 && (
            <ul data-testid="my-notices">
              {m.documents.map((d) => (
                <li key={d.id}>
                  <a
                    href={urlOf(complaints.document, { params: { number: m.number, documentId: d.id } })}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {d.title}（{d.number}，PDF）
                  </a>
                </li>
              ))}
            </ul>
          )}
          {m.awaitingCallback && (
            <div className="row" role="group" aria-label={t('complain.rate')}>
              <span>{t('complain.rate')}</span>
              {Satisfaction.options.map((s) => (
                <button key={s} className="secondary" type="button" onClick={() => void answer(m.number, s)}>
                  {t(`complain.satisfaction.${s}`)}
                </button>
              ))}
            </div>
          )}
        </section>
      ))}
    </>
  );
}
