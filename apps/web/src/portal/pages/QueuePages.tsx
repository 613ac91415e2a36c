import { centrePublic, type ResponseOf } from '@grassroots/contracts';
import { useParams, useSearch } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/client.ts';
import { CentreSelect, useCentres } from './CentreSelect.tsx';
import { Field, problemText } from './Field.tsx';

type Ticket = ResponseOf<typeof centrePublic.takeTicket>;
type Board = ResponseOf<typeof centrePublic.board>;

/** 取号: at the kiosk or on a phone; with a booking reference the number is a Y number and goes first. */
export function TicketPage() {
  const { t, i18n } = useTranslation();
  // the hall's kiosk opens /ticket?kiosk=1: numbers count as kiosk numbers and the screen clears for the next person
  const kiosk = (useSearch({ strict: false }) as { kiosk?: string }).kiosk === '1';
  const [centres, centre, setCentre] = useCentres();
  const [reference, setReference] = useState('');
  const [ticket, setTicket] = useState<Ticket>();
  const [error, setError] = useState<string>();
  const take = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (!centre) return setError(t('book.chooseCentre'));
    try {
      setTicket(
        await call(centrePublic.takeTicket, {
          params: { id: centre },
          body: {
            channel: kiosk ? 'kiosk' : 'portal',
            ...(reference.trim() ? { appointmentReference: reference.trim() } : {}),
          },
        }),
      );
    } catch (err) {
      setError(problemText(err, i18n.language, t('error.generic')));
    }
  };
  if (ticket) {
    return (
      <section className="result" aria-live="polite">
        <h1>{t('queue.yourNumber')}</h1>
        <p className="big-number" data-testid="ticket-number">
          {ticket.number}
        </p>
        <p>{t('queue.ahead', { n: ticket.ahead })}</p>
        <p>
          <a href={`/board/${centre}`}>{t('queue.board')}</a>
        </p>
        {kiosk && (
          <button
            className="primary"
            type="button"
            onClick={() => {
              setTicket(undefined);
              setReference('');
            }}
          >
            {t('queue.nextPerson')}
          </button>
        )}
      </section>
    );
  }
  return (
    <>
      <h1>{t('queue.title')}</h1>
      <form className="stack" onSubmit={take} noValidate>
        <CentreSelect centres={centres} value={centre} onChange={setCentre} />
        <Field
          id="reference"
          label={t('queue.reference')}
          hint={t('queue.referenceHint')}
          value={reference}
          onChange={(e) => setReference(e.target.value)}
          maxLength={20}
          autoComplete="off"
        />
        <button className="primary" type="submit">
          {t('queue.take')}
        </button>
      </form>
      {error && (
        <div className="notice bad" role="alert">
          {error}
        </div>
      )}
    </>
  );
}

/** 叫号屏: the hall screen, refreshed every few seconds; numbers only, no names. */
export function BoardPage() {
  const { t } = useTranslation();
  const { centre } = useParams({ strict: false }) as { centre: string };
  const [board, setBoard] = useState<Board>();
  useEffect(() => {
    const load = () => call(centrePublic.board, { params: { id: centre } }).then(setBoard, () => undefined);
    void load();
    // load swallows its own failure (the screen keeps the last board), so nothing is left unhandled
    const timer = setInterval(() => void load(), 3000);
    return () => clearInterval(timer);
  }, [centre]);
  if (!board) return null;
  return (
    <section className="board" aria-live="polite" data-testid="hall-board">
      <h1>{t('queue.calling')}</h1>
      <ul className="calling">
        {board.calling.map((c) => (
          <li key={c.number}>
            <strong>{c.number}</strong> → {t('queue.window', { code: c.windowCode })} {c.windowName}
          </li>
        ))}
      </ul>
      <p>
        {t('queue.waiting', { n: board.waitingCount })}
        {board.medianWaitMinutes !== null ? ` · ${t('queue.medianWait', { n: board.medianWaitMinutes })}` : ''}
      </p>
      {board.next.length > 0 && (
        <p>
          {t('queue.next')}：{board.next.join('  ')}
        </p>
      )}
    </section>
  );
}
