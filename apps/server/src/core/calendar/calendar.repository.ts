import type { Executor } from '../db/database.ts';

/** The loaded holiday notices, newest year first (public: the working calendar is the State Council's). */
export async function listCalendarYears(db: Executor) {
  return db
    .selectFrom('calendar_years')
    .select(['year', 'notice_title', 'notice_number', 'notice_published', 'provisional'])
    .orderBy('year', 'desc')
    .execute();
}

export async function listCalendarDays(db: Executor) {
  return db.selectFrom('calendar_days').select(['day', 'year', 'kind', 'name']).orderBy('day').execute();
}
