import { type Actor, requireScope } from '../../core/auth/actor.ts';
import { isCalendarDate, type NewWorkRecord, type WorkRecordFilter } from '@grassroots/contracts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Db } from '../../core/db/database.ts';
import { badInput } from '../../core/errors.ts';
import { type Clock, today } from '../../core/time.ts';
import * as repo from './work-records.repository.ts';

/** 公益劳动、就业培训推荐 for 低保 members able to work; training and employment for veterans (退役军人就业台账). */
export class WorkRecordsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async add(actor: Actor, r: NewWorkRecord) {
    const scope = requireScope(actor, 'care.record');
    if (!isCalendarDate(r.onDate) || r.onDate > today(this.clock))
      throw badInput('onDate', '日期应为今天或以前的真实日期', 'The date must be a real date, today or earlier');
    if (r.kind === 'publicWelfareLabour' && !r.hours)
      throw badInput('hours', '公益劳动应登记时长（小时）', 'Public-welfare labour needs its hours');
    if (['training', 'employment', 'trainingReferral'].includes(r.kind) && !r.organisation?.trim())
      throw badInput('organisation', '请填写用人单位或培训机构', 'Name the employer or the training school');
    if (r.notes.trim().length < 2) throw badInput('notes', '请填写内容', 'Say what it was');
    return this.db.transaction().execute(async (tx) => {
      const person = await repo.findPersonRefInScope(tx, r.personId, scope);
      if (!person)
        throw badInput('personId', '人员不存在或不在您的辖区内', 'Person not found or outside your jurisdiction');
      const row = await repo.insertWorkRecord(tx, {
        person_id: person.id,
        division_code: person.division_code,
        kind: r.kind,
        on_date: r.onDate,
        hours: r.hours ?? null,
        organisation: r.organisation?.trim() || null,
        notes: r.notes.trim(),
        outcome: r.outcome?.trim() || null,
        recorded_by: actor.id,
        recorded_by_name: actor.displayName,
        recorded_at: this.clock(),
      });
      await recordAudit(tx, {
        action: 'assistance.work_record',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'person',
        targetId: person.id,
        divisionCode: person.division_code,
        details: { kind: r.kind },
      });
      return { id: String(row.id) };
    });
  }

  /** One person's records, or the area's of one kind (the veterans' employment list is kind=employment). */
  async list(actor: Actor, q: WorkRecordFilter) {
    const scope = requireScope(actor, 'assistance.read');
    return repo.listWorkRecordsInScope(this.db, scope, q);
  }
}
