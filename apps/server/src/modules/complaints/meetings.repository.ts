import { type Insertable, sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { JointMeetingsTable, MeetingActionsTable } from './complaints.schema.ts';

// 四方联席会议 and their action items. A meeting is in reach by its community (division).

/** A community (village-level division) inside the scope (aliased: the reach's own subquery reads divisions too). */
export async function findCommunityInScope(db: Executor, scope: Scope, code: string) {
  return db
    .selectFrom('divisions as community')
    .select(['community.code', 'community.name'])
    .where('community.code', '=', code)
    .where('community.level', '=', 5)
    .where(inScope(scope, { division: 'community.code' }))
    .executeTakeFirst();
}

/** Open property matters of a community. By code: the caller checked the community is in reach. */
export async function listOpenPropertyMattersOfCommunity(db: Executor, divisionCode: string) {
  return db
    .selectFrom('complaints as k')
    .innerJoin('cases as c', 'c.id', 'k.case_id')
    .select(['c.id', 'c.number', 'c.title'])
    .where('k.division_code', '=', divisionCode)
    .where('c.is_open', '=', true)
    .where('k.category_code', 'like', 'property%')
    .orderBy('c.opened_at')
    .execute();
}

/** Open disputes of a community, flagged first. By code, like listOpenPropertyMattersOfCommunity. */
export async function listOpenDisputesOfCommunity(db: Executor, divisionCode: string) {
  return db
    .selectFrom('disputes')
    .select(['id', 'number', 'title', 'flagged'])
    .where('division_code', '=', divisionCode)
    .where('status', '=', 'open')
    .orderBy('flagged')
    .orderBy('created_at')
    .execute();
}

export async function insertMeeting(tx: Tx, values: Insertable<JointMeetingsTable>) {
  return tx.insertInto('joint_meetings').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function insertMeetingActions(tx: Tx, values: Array<Insertable<MeetingActionsTable>>) {
  await tx.insertInto('meeting_actions').values(values).execute();
}

/** The latest hundred meetings in reach, with their community's name. */
export async function listMeetingsInScope(db: Executor, scope: Scope) {
  return db
    .selectFrom('joint_meetings as m')
    .innerJoin('divisions as d', 'd.code', 'm.division_code')
    .select(['m.id', 'm.kind', 'm.held_on as heldOn', 'd.name as community', 'm.agenda', 'm.document_id as documentId'])
    .where(inScope(scope, { division: 'm.division_code' }))
    .orderBy('m.held_on', 'desc')
    .limit(100)
    .execute();
}

/** The action items of the given meetings. By id: the meetings were listed in reach (listMeetingsInScope). */
export async function listActionsOfMeetings(db: Executor, meetingIds: string[]) {
  return db
    .selectFrom('meeting_actions')
    .select(['id', 'meeting_id', 'text', 'owner', 'due', 'done_at as doneAt', 'done_note as doneNote'])
    .where('meeting_id', 'in', meetingIds)
    .orderBy('due')
    .execute();
}

/** The minutes document of a meeting in reach. */
export async function findMinutesDocumentInScope(db: Executor, scope: Scope, meetingId: string) {
  return db
    .selectFrom('joint_meetings as m')
    .innerJoin('documents as doc', 'doc.id', 'm.document_id')
    .select(['doc.id', 'doc.number'])
    .where('m.id', '=', meetingId)
    .where(inScope(scope, { division: 'm.division_code' }))
    .executeTakeFirst();
}

/** An action item of a meeting in reach, locked: marking it done twice at once finds it done the second time. */
export async function findActionInScopeForUpdate(tx: Tx, scope: Scope, actionId: string) {
  return tx
    .selectFrom('meeting_actions as a')
    .innerJoin('joint_meetings as m', 'm.id', 'a.meeting_id')
    .select(['a.id', 'a.done_at'])
    .where('a.id', '=', actionId)
    .where(inScope(scope, { division: 'm.division_code' }))
    .forUpdate('a')
    .executeTakeFirst();
}

export async function setActionDone(tx: Tx, id: string, at: Date, note: string) {
  await tx.updateTable('meeting_actions').set({ done_at: at, done_note: note }).where('id', '=', id).execute();
}

/** Current communities in reach, each with whether it met quarterly since quarterStart and summed up since halfStart. */
export async function listCommunitiesWithMeetingsHeld(
  db: Executor,
  scope: Scope,
  since: { quarterStart: string; halfStart: string },
) {
  return db
    .selectFrom('divisions as d')
    .select([
      'd.code',
      'd.name',
      sql<boolean>`EXISTS (SELECT 1 FROM joint_meetings m WHERE m.division_code = d.code AND m.kind = 'quarterly' AND m.held_on >= ${since.quarterStart})`.as(
        'quarterly',
      ),
      sql<boolean>`EXISTS (SELECT 1 FROM joint_meetings m WHERE m.division_code = d.code AND m.kind = 'halfYearSummary' AND m.held_on >= ${since.halfStart})`.as(
        'summary',
      ),
    ])
    .where('d.level', '=', 5)
    .where('d.valid_until', 'is', null)
    .where(inScope(scope, { division: 'd.code' }))
    .orderBy('d.code')
    .execute();
}

/** Action items in reach not done and due before the given date, with their community. */
export async function listOverdueActionsInScope(db: Executor, scope: Scope, today: string) {
  return db
    .selectFrom('meeting_actions as a')
    .innerJoin('joint_meetings as m', 'm.id', 'a.meeting_id')
    .innerJoin('divisions as d', 'd.code', 'm.division_code')
    .select(['a.id', 'a.text', 'a.owner', 'a.due', 'd.name as community'])
    .where('a.done_at', 'is', null)
    .where('a.due', '<', today)
    .where(inScope(scope, { division: 'm.division_code' }))
    .orderBy('a.due')
    .execute();
}
