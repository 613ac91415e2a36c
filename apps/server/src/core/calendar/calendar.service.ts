import { readdirSync, readFileSync } from 'node:fs';
import { bilingual } from '../validation.ts';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { HolidayNotice as HolidayNoticeSchema } from '@grassroots/contracts';
import { recordAudit } from '../audit/audit.ts';
import { repoRoot } from '../config.ts';
import type { Db, Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { today as todayInShanghai } from '../time.ts';
import { type HolidayNotice, WorkingCalendar } from './working-calendar.ts';

export const shippedHolidaysDir = path.join(repoRoot, 'data', 'holidays');

/** The official notices shipped with the product (not the provisional years), read at once: for pure tests. */
export function shippedNotices(): HolidayNotice[] {
  return readdirSync(shippedHolidaysDir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(path.join(shippedHolidaysDir, f), 'utf8')) as HolidayNotice);
}

export interface Actor {
  id: string | null;
  name: string;
  ip?: string | null;
}

/**
 * The calendar lives in the database so that every process sees a year an administrator loads.
 * Each process caches it briefly; a load in this process refreshes the cache at once.
 */
export class CalendarService {
  private cached?: { calendar: WorkingCalendar; at: number };
  constructor(
    private readonly db: Db,
    private readonly ttlMs = 60_000,
  ) {}

  async get(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.calendar;
    const calendar = await readCalendar(this.db);
    this.cached = { calendar, at: Date.now() };
    return calendar;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  /** Validates and stores one year's notice, replacing an earlier load of the same year. */
  async load(input: unknown, actor: Actor): Promise<{ year: number; holidays: number; makeUpWorkdays: number }> {
    const parsed = HolidayNoticeSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AppError(
        400,
        'invalid_holiday_notice',
        `节假日数据不正确：${bilingual(issue.message).zh}`,
        `Invalid holiday data: ${bilingual(issue.message).en}`,
        issue.path.join('.'),
      );
    }
    const notice = parsed.data;
    const result = await this.db.transaction().execute(async (tx) => {
      const counts = await writeNotice(tx, notice);
      await recordAudit(tx, {
        action: 'calendar.load',
        actorId: actor.id,
        actorName: actor.name,
        ip: actor.ip ?? null,
        targetType: 'calendar_year',
        targetId: String(notice.year),
        details: { notice: notice.notice, ...counts },
      });
      return { year: notice.year, ...counts };
    });
    this.invalidate();
    return result;
  }

  /** Years from November on: warn when next year's notice is missing. */
  async missingNextYearWarning(today = todayInShanghai()): Promise<string | undefined> {
    const [y, m] = today.split('-').map(Number) as [number, number];
    if (m < 11) return undefined;
    const calendar = await this.get();
    if (calendar.hasYear(y + 1) && !calendar.isProvisional(y + 1)) return undefined;
    if (calendar.hasYear(y + 1))
      return `${y + 1}年节假日暂按法定节假日计算（无调休），国务院办公厅通知公布后请载入：grassroots calendar load <file.json> / ${y + 1} runs on the statutory holidays until its notice is loaded`;
    return `${y + 1}年节假日安排尚未载入：请用 grassroots calendar load data/holidays/${y + 1}.json 载入国务院办公厅通知 / the ${y + 1} holiday notice is not loaded yet`;
  }
}

export async function readCalendar(db: Executor): Promise<WorkingCalendar> {
  const years = await db.selectFrom('calendar_years').select(['year', 'provisional']).execute();
  const days = await db.selectFrom('calendar_days').select(['day', 'kind', 'name']).execute();
  return WorkingCalendar.fromDays(
    years.map((y) => y.year),
    days,
    years.filter((y) => y.provisional).map((y) => y.year),
  );
}

async function writeNotice(tx: Executor, notice: HolidayNotice, provisional = false) {
  await tx.deleteFrom('calendar_days').where('year', '=', notice.year).execute();
  await tx
    .insertInto('calendar_years')
    .values({
      year: notice.year,
      notice_title: notice.notice.title,
      notice_number: notice.notice.number ?? null,
      notice_published: notice.notice.published ?? null,
      provisional,
    })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet((eb) => ({
        notice_title: eb.ref('excluded.notice_title'),
        notice_number: eb.ref('excluded.notice_number'),
        notice_published: eb.ref('excluded.notice_published'),
        loaded_at: new Date(),
        provisional: eb.ref('excluded.provisional'),
      })),
    )
    .execute();
  const rows = new Map<string, { day: string; year: number; kind: 'holiday' | 'makeUpWorkday'; name: string }>();
  for (const f of notice.festivals) {
    for (const day of f.daysOff) rows.set(day, { day, year: notice.year, kind: 'holiday', name: f.name });
    for (const day of f.makeUpWorkdays) rows.set(day, { day, year: notice.year, kind: 'makeUpWorkday', name: f.name });
  }
  if (rows.size)
    await tx
      .insertInto('calendar_days')
      .values([...rows.values()])
      .execute();
  const all = [...rows.values()];
  return {
    holidays: all.filter((r) => r.kind === 'holiday').length,
    makeUpWorkdays: all.filter((r) => r.kind === 'makeUpWorkday').length,
  };
}

/**
 * Loads the shipped years (data/holidays/*.json) that the database does not have yet, then the
 * provisional years (data/holidays/provisional/*.json: the statutory holidays only) for which no
 * notice is loaded, so that a deadline running into next year is computed, and flagged, rather
 * than refused while the State Council's notice is awaited.
 */
export async function loadShippedCalendar(db: Db): Promise<number[]> {
  const have = new Set((await db.selectFrom('calendar_years').select('year').execute()).map((r) => r.year));
  const loaded: number[] = [];
  for (const [dir, provisional] of [
    [shippedHolidaysDir, false],
    [path.join(shippedHolidaysDir, 'provisional'), true],
  ] as const) {
    for (const file of (await readdir(dir).catch(() => [])).filter((f) => /^\d{4}\.json$/.test(f)).sort()) {
      const notice = HolidayNoticeSchema.parse(JSON.parse(await readFile(path.join(dir, file), 'utf8')));
      if (have.has(notice.year)) continue;
      await db.transaction().execute(async (tx) => {
        await writeNotice(tx, notice, provisional);
        await recordAudit(tx, {
          action: 'calendar.load',
          actorName: 'system',
          targetType: 'calendar_year',
          targetId: String(notice.year),
          details: { notice: notice.notice, shipped: true, provisional },
        });
      });
      have.add(notice.year);
      loaded.push(notice.year);
    }
  }
  return loaded;
}
