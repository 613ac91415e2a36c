import { centrePublic, isMobile, type ResponseOf } from '@grassroots/contracts';
import { useParams } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/client.ts';
import { CentreSelect, useCentres } from './CentreSelect.tsx';
import { Field, problemText } from './Field.tsx';

type Slot = ResponseOf<typeof centrePublic.slots>[number];
type Booking = ResponseOf<typeof centrePublic.book>;

// what the resident typed, spaces around it allowed
const isMobileOf = (v: string) => isMobile(v.trim());

/** 预约: a centre, a day and a time with places left, a name and a mobile; the reference comes back at once and by SMS. */
export function BookPage() {
  const { t, i18n } = useTranslation();
  const { code } = useParams({ strict: false }) as { code: string };
  const [centres, centre, setCentre] = useCentres();
  const [slots, setSlots] = useState<Slot[]>();
  const [slot, setSlot] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [booked, setBooked] = useState<Booking>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!centre) return;
    setSlot('');
    call(centrePublic.slots, { params: { id: centre }, query: { itemCode: code } }).then(setSlots, () => setSlots([]));
  }, [centre, code]);
  const days = [...new Set((slots ?? []).map((s) => s.day))];
  // one day at a time: three weeks of slots on one page is too long for a phone
  const [chosenDay, setDay] = useState('');
  const day = days.includes(chosenDay) ? chosenDay : (days[0] ?? '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (!slot) next.slot = t('book.chooseSlot');
    if (!name.trim()) next.name = t('error.required', { field: t('book.name') });
    if (!isMobileOf(phone)) next.phone = t('book.phoneInvalid');
    setErrors(next);
    if (Object.keys(next).length) return;
    setBusy(true);
    try {
      setBooked(
        await call(centrePublic.book, {
          body: { slotId: slot, itemCode: code, name: name.trim(), phone: phone.trim() },
        }),
      );
    } catch (err) {
      setErrors({ form: problemText(err, i18n.language, t('error.generic')) });
    } finally {
      setBusy(false);
    }
  };

  if (booked) {
    return (
      <section className="result" aria-live="polite" data-testid="booked">
        <h1>{t('book.done')}</h1>
        <dl className="facts">
          <dt>{t('book.reference')}</dt>
          <dd data-testid="booking-reference">
            <strong>{booked.reference}</strong>
          </dd>
          <dt>{t('book.when')}</dt>
          <dd>
            {booked.day} {booked.startsAt}-{booked.endsAt}
          </dd>
          {booked.windowName && (
            <>
              <dt>{t('book.window')}</dt>
              <dd>{booked.windowName}</dd>
            </>
          )}
        </dl>
        <div className="notice info">{t('book.doneHint')}</div>
      </section>
    );
  }
  return (
    <>
      <h1>{t('book.title')}</h1>
      <form className="stack" onSubmit={submit} noValidate>
        <CentreSelect centres={centres} value={centre} onChange={setCentre} />
        {slots?.length === 0 && <div className="notice info">{t('book.noSlots')}</div>}
        {days.length > 0 && (
          <div>
            <label htmlFor="day">{t('book.date')}</label>
            <select
              id="day"
              className="input"
              value={day}
              onChange={(e) => {
                setDay(e.target.value);
                setSlot('');
              }}
            >
              {days.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </div>
        )}
        {day && (
          <fieldset className="slots">
            <legend>{t('book.time')}</legend>
            {slots!
              .filter((s) => s.day === day)
              .map((s) => (
                <label key={s.id} className="slot">
                  <input type="radio" name="slot" value={s.id} checked={slot === s.id} onChange={() => setSlot(s.id)} />
                  {s.startsAt}-{s.endsAt} · {s.windowName} · {t('book.left', { n: s.left })}
                </label>
              ))}
          </fieldset>
        )}
        {errors.slot && (
          <div className="field-error" role="alert">
            {errors.slot}
          </div>
        )}
        <Field
          id="name"
          label={t('book.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          maxLength={40}
          autoComplete="name"
        />
        <Field
          id="phone"
          label={t('book.phone')}
          hint={t('book.phoneHint')}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={errors.phone}
          inputMode="tel"
          maxLength={11}
          autoComplete="tel"
        />
        <button className="primary" type="submit" disabled={busy}>
          {t('book.submit')}
        </button>
      </form>
      {errors.form && (
        <div className="notice bad" role="alert">
          {errors.form}
        </div>
      )}
      <HomeVisit code={code} centre={centre} />
      <CancelBooking />
    </>
  );
}

/** 上门服务: for someone who cannot come, the centre sends a member of staff. */
function HomeVisit({ code, centre }: { code: string; centre: string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ name: '', phone: '', address: '', reason: '', day: '' });
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<string>();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  if (!open)
    return (
      <p>
        <button className="secondary" type="button" onClick={() => setOpen(true)}>
          {t('book.homeVisit')}
        </button>
      </p>
    );
  if (done)
    return (
      <div className="notice ok" role="status">
        {t('book.homeVisitDone', { reference: done })}
      </div>
    );
  return (
    <form
      className="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          setDone(
            (await call(centrePublic.homeVisit, { body: { departmentId: centre, itemCode: code, ...form } })).reference,
          );
        } catch (err) {
          setError(problemText(err, i18n.language, t('error.generic')));
        }
      }}
    >
      <h2>{t('book.homeVisit')}</h2>
      <Field id="hv-name" label={t('book.name')} value={form.name} onChange={set('name')} required />
      <Field
        id="hv-phone"
        label={t('book.phone')}
        value={form.phone}
        onChange={set('phone')}
        inputMode="tel"
        required
      />
      <Field id="hv-address" label={t('book.address')} value={form.address} onChange={set('address')} required />
      <Field id="hv-reason" label={t('book.reason')} value={form.reason} onChange={set('reason')} required />
      <Field id="hv-day" label={t('book.day')} type="date" value={form.day} onChange={set('day')} required />
      <button className="primary" type="submit" disabled={!centre}>
        {t('book.submit')}
      </button>
      {error && (
        <div className="notice bad" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}

/** 取消预约: the reference and the phone that booked; the place goes back to the slot and an SMS says so. */
function CancelBooking() {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reference, setReference] = useState('');
  const [phone, setPhone] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  if (!open)
    return (
      <p>
        <button className="secondary" type="button" onClick={() => setOpen(true)}>
          {t('book.cancel')}
        </button>
      </p>
    );
  return (
    <form
      className="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await call(centrePublic.cancel, { body: { reference: reference.trim(), phone: phone.trim() } });
          setResult({ ok: true, text: t('book.cancelled') });
        } catch (err) {
          setResult({ ok: false, text: problemText(err, i18n.language, t('error.generic')) });
        }
      }}
    >
      <h2>{t('book.cancel')}</h2>
      <Field
        id="cancel-reference"
        label={t('book.reference')}
        value={reference}
        onChange={(e) => setReference(e.target.value)}
        maxLength={20}
        autoComplete="off"
      />
      <Field
        id="cancel-phone"
        label={t('book.phone')}
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        inputMode="tel"
        maxLength={11}
      />
      <button className="primary" type="submit">
        {t('book.cancelSubmit')}
      </button>
      {result && (
        <div className={`notice ${result.ok ? 'ok' : 'bad'}`} role="status">
          {result.text}
        </div>
      )}
    </form>
  );
}
