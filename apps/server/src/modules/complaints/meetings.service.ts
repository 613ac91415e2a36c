import type { NewMeeting } from '@grassroots/contracts';
import { type Actor, requireScope } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Db } from '../../core/db/database.ts';
import type { DocumentService } from '../../core/documents/documents.service.ts';
import type { DocumentContent } from '../../core/documents/pdf.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import type { Clock } from '../../core/time.ts';
import {
  findActionInScopeForUpdate,
  findCommunityInScope,
  findMinutesDocumentInScope,
  insertMeeting,
  insertMeetingActions,
  listActionsOfMeetings,
  listCommunitiesWithMeetingsHeld,
  listMeetingsInScope,
  listOpenDisputesOfCommunity,
  listOpenPropertyMattersOfCommunity,
  listOverdueActionsInScope,
  setActionDone,
} from './meetings.repository.ts';

const FOUR = ['partyBranch', 'residentsCommittee', 'ownersCommittee', 'propertyCompany'] as const;
const KIND_NAMES = { quarterly: '季度例会', halfYearSummary: '半年总结会', adHoc: '专题会议' } as const;
const PARTY_NAMES = {
  partyBranch: '社区党支部',
  residentsCommittee: '居民委员会',
  ownersCommittee: '业主委员会',
  propertyCompany: '物业服务企业',
} as const;

/** 联席会议纪要: who came for each of the four parties, what was discussed, what was decided and who does what by when. */
function minutesDocument(number: string, community: string, m: NewMeeting): DocumentContent {
  return {
    title: `${community}四方联席会议纪要`,
    number,
    issuer: `${community}四方联席会议`,
    issuedOn: m.heldOn,
    lines: [
      ['会议类型', KIND_NAMES[m.kind]],
      ['会议日期', m.heldOn],
      ...FOUR.map((k) => [PARTY_NAMES[k], m.attendees[k]] as [string, string]),
    ],
    list: { heading: '会议议题', items: m.agenda.map((a) => a.title) },
    sections: [
      { heading: '会议纪要', paragraphs: [m.minutes] },
      ...(m.actions.length
        ? [
            {
              heading: '议定事项',
              paragraphs: m.actions.map((a, i) => `（${i + 1}）${a.text}——责任方：${a.owner}，完成时限：${a.due}`),
            },
          ]
        : []),
    ],
  };
}

/**
 * 四方联席会议: a community's party branch, residents' committee, owners' committee and property
 * company meet quarterly, sum up half-yearly and meet ad hoc on major matters. The agenda is built
 * from the community's open matters and disputes; action items are tracked to done.
 */
export class MeetingsService {
  constructor(
    private readonly db: Db,
    private readonly documents: DocumentService,
    private readonly clock: Clock,
  ) {}

  /** A community (village-level division) inside the actor's reach, found with the reach in the query. */
  private async community(actor: Actor, code: string) {
    const d = await findCommunityInScope(this.db, requireScope(actor, 'dispute.manage'), code);
    if (!d)
      throw badInput('divisionCode', '社区不存在或不在您的辖区内', 'Community not found or outside your jurisdiction');
    return d;
  }

  /** The open property matters and disputes of the community: what the meeting should discuss. */
  async agenda(actor: Actor, divisionCode: string) {
    await this.community(actor, divisionCode);
    const matters = await listOpenPropertyMattersOfCommunity(this.db, divisionCode);
    const disputes = await listOpenDisputesOfCommunity(this.db, divisionCode);
    return [
      ...disputes.map((d) => ({
        title: `${d.flagged === 'fourParty' ? '【提请四方会议】' : ''}${d.number} ${d.title}`,
        disputeId: d.id,
      })),
      ...matters.map((m) => ({ title: `${m.number} ${m.title}`, caseId: m.id })),
    ];
  }

  /** The meeting is parsed by its contract (the route does it): all four parties attended, one agenda item or more. */
  async record(actor: Actor, m: NewMeeting) {
    requireScope(actor, 'dispute.manage');
    const community = await this.community(actor, m.divisionCode);
    return this.db.transaction().execute(async (tx) => {
      // the minutes (纪要) as a numbered document with its verification code, issued with the record
      const doc = await this.documents.issue(tx, {
        kind: 'meetingMinutes',
        prefix: 'HY',
        caseId: null,
        issuerDepartmentId: actor.departmentId,
        issuedOn: m.heldOn,
        build: (number) => minutesDocument(number, community.name, m),
      });
      const row = await insertMeeting(tx, {
        division_code: m.divisionCode,
        kind: m.kind,
        held_on: m.heldOn,
        attendees: JSON.stringify(m.attendees),
        agenda: JSON.stringify(m.agenda),
        minutes: m.minutes,
        created_by: actor.id,
        created_at: this.clock(),
        document_id: doc.id,
      });
      if (m.actions.length)
        await insertMeetingActions(
          tx,
          m.actions.map((a) => ({ meeting_id: row.id, text: a.text, owner: a.owner, due: a.due })),
        );
      await recordAudit(tx, {
        action: 'meeting.recorded',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'joint_meeting',
        targetId: row.id,
        divisionCode: m.divisionCode,
        details: { kind: m.kind, heldOn: m.heldOn },
      });
      return { id: row.id, documentId: doc.id, documentNumber: doc.number };
    });
  }

  /** Recent meetings of the communities in reach: agenda, action items and their state, the minutes. */
  async list(actor: Actor) {
    const scope = requireScope(actor, 'dispute.manage');
    const meetings = await listMeetingsInScope(this.db, scope);
    const actions = meetings.length
      ? await listActionsOfMeetings(
          this.db,
          meetings.map((m) => m.id),
        )
      : [];
    return meetings.map((m) => ({
      ...m,
      actions: actions.filter((a) => a.meeting_id === m.id).map(({ meeting_id: _, ...a }) => a),
    }));
  }

  /** The minutes document of a meeting in reach. */
  async minutesDocument(actor: Actor, meetingId: string) {
    const scope = requireScope(actor, 'dispute.manage');
    const m = await findMinutesDocumentInScope(this.db, scope, meetingId);
    if (!m)
      throw new AppError(
        404,
        'not_found',
        '会议纪要不存在或不在您的辖区内',
        'Minutes not found or outside your jurisdiction',
      );
    return m;
  }

  async done(actor: Actor, actionId: string, note: string) {
    const scope = requireScope(actor, 'dispute.manage');
    if (!note.trim()) throw badInput('note', '请说明完成情况', 'Say how it was done');
    return this.db.transaction().execute(async (tx) => {
      const a = await findActionInScopeForUpdate(tx, scope, actionId);
      if (!a) throw new AppError(404, 'not_found', '事项不存在', 'Action item not found');
      if (a.done_at) throw conflict('already_done', '该事项已完成', 'Already done');
      await setActionDone(tx, a.id, this.clock(), note.trim());
      return { id: a.id };
    });
  }

  /** Communities in reach that have not held this quarter's meeting (or, in June and December, the half-year summary), and overdue action items. */
  async owed(actor: Actor, today: string) {
    const scope = requireScope(actor, 'dispute.manage');
    const quarterStart = `${today.slice(0, 4)}-${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    const halfStart = `${today.slice(0, 4)}-${Number(today.slice(5, 7)) <= 6 ? '01' : '07'}-01`;
    const communities = await listCommunitiesWithMeetingsHeld(this.db, scope, { quarterStart, halfStart });
    const overdueActions = await listOverdueActionsInScope(this.db, scope, today);
    return {
      quarterStart,
      withoutQuarterly: communities.filter((c) => !c.quarterly).map((c) => ({ code: c.code, name: c.name })),
      withoutSummary: communities.filter((c) => !c.summary).map((c) => ({ code: c.code, name: c.name })),
      overdueActions,
    };
  }
}
