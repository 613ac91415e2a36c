import type { ActRequest, OpenCaseRequest } from '@grassroots/contracts';
import type PgBoss from 'pg-boss';
import type { Actor } from '../auth/actor.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { Db, Tx } from '../db/database.ts';
import type { DocumentService } from '../documents/documents.service.ts';
import { badInput } from '../errors.ts';
import type { Clock } from '../time.ts';
import { requireType } from './case-checks.ts';
import { CaseDocumentIssuer } from './case-document-issue.ts';
import { needsTransaction, openCase } from './case-open.ts';
import type { CaseParty } from './case-party.ts';
import { type AppendInput, appendAction, type CaseCommandResult, type PipelineDeps } from './case-pipeline.ts';
import type { CaseType, CaseTypeRegistry } from './case-type.ts';
import { claimIdempotencyKey, saveResponse, storedResponse } from './case.repository.ts';

export type { CaseCommandResult } from './case-pipeline.ts';
export type { CaseParty } from './case-party.ts';

/** What a multi-step command may do inside its one transaction. */
export interface CaseSteps {
  tx: Tx;
  open(input: OpenCaseRequest): Promise<CaseCommandResult>;
  act(caseId: string, action: string, input: ActRequest): Promise<CaseCommandResult>;
}

/**
 * Commands on cases, each in one transaction, all or nothing (an opening that writes one statement is
 * that statement, `needsTransaction`). Every action, whoever takes it,
 * goes through `appendAction` (case-pipeline.ts); this class adds the transaction, the working
 * calendar and the idempotency key around it.
 */
export class CaseService {
  private readonly pipeline: PipelineDeps;

  constructor(
    private readonly db: Db,
    private readonly types: CaseTypeRegistry,
    private readonly calendar: CalendarService,
    documents: DocumentService,
    private readonly clock: Clock,
    // kept for the composition root's call: the jobs an action causes are enqueued by the services that own them, in its transaction
    _boss?: PgBoss,
  ) {
    this.pipeline = { types, issuer: new CaseDocumentIssuer(types, documents), clock };
  }

  type(code: string): CaseType {
    return requireType(this.types, code);
  }

  async open(actor: Actor, input: OpenCaseRequest, idempotencyKey?: string): Promise<CaseCommandResult> {
    // read before the transaction: on the embedded database a second connection would wait forever
    const calendar = await this.calendar.get();
    const deps = { types: this.types, clock: this.clock };
    if (!needsTransaction(this.types, input.typeCode, idempotencyKey))
      return openCase(deps, this.db, actor, input, calendar);
    return this.idempotent(actor, idempotencyKey, (tx) => openCase(deps, tx, actor, input, calendar));
  }

  /**
   * Several engine steps as one command: one transaction and one idempotency key for all of them
   * (a window intake opens a case and accepts or refuses it; either both are stored or neither).
   */
  async command<T>(
    actor: Actor,
    idempotencyKey: string | undefined,
    run: (steps: CaseSteps) => Promise<T>,
  ): Promise<T> {
    const calendar = await this.calendar.get();
    const staff: CaseParty = { kind: 'staff', actor };
    return this.idempotent(actor, idempotencyKey, (tx) =>
      run({
        tx,
        open: (input) => openCase({ types: this.types, clock: this.clock }, tx, actor, input, calendar),
        act: (caseId, action, input) => appendAction(this.pipeline, tx, staff, { caseId, action, input }, calendar),
      }),
    );
  }

  /** An action of the case type (accept, review …) or an engine action (transfer, assign, setAssisting, supervise). */
  async act(
    actor: Actor,
    caseId: string,
    action: string,
    input: ActRequest,
    idempotencyKey?: string,
  ): Promise<CaseCommandResult> {
    await this.refuseIfDedicated(caseId, action);
    const calendar = await this.calendar.get();
    return this.idempotent(actor, idempotencyKey, (tx) =>
      appendAction(this.pipeline, tx, { kind: 'staff', actor }, { caseId, action, input }, calendar),
    );
  }

  /**
   * An action taken by a resident on her own matter (answering the callback) or by a job: the same
   * pipeline as staff, allowed only where the action lists the party's pseudo-role (`resident`,
   * `system`). For a resident the caller has already proved the matter is hers.
   */
  async actAs(
    party: Exclude<CaseParty, { kind: 'staff' }>,
    caseId: string,
    action: string,
    input: AppendInput,
  ): Promise<CaseCommandResult> {
    const calendar = await this.calendar.get();
    return this.db
      .transaction()
      .execute((tx) => appendAction(this.pipeline, tx, party, { caseId, action, input }, calendar));
  }

  /** The portal's callback answer: `actAs` a resident, answered with what the portal shows. */
  async actForResident(
    caseId: string,
    action: string,
    fields: Record<string, unknown>,
    opinion: string | null,
    residentName: string,
  ) {
    const { case: c } = await this.actAs({ kind: 'resident', name: residentName }, caseId, action, {
      fields,
      attachments: [],
      ...(opinion ? { opinion } : {}),
    });
    return { number: c.number, status: c.status, version: c.version };
  }

  /** An action whose steps belong together (`via`) is refused on the generic route: it would leave half the work undone. */
  private async refuseIfDedicated(caseId: string, action: string) {
    // most actions have no dedicated route in any type: no need to read the case's type for them
    if (!this.types.all().some((t) => t.actions.some((a) => a.code === action && a.via))) return;
    const row = await this.db.selectFrom('cases').select('type_code').where('id', '=', caseId).executeTakeFirst();
    const via = row && this.types.get(row.type_code)?.actions.find((a) => a.code === action)?.via;
    if (via)
      throw badInput(
        'action',
        `请通过 ${via.replace(':id', caseId)} 办理「${action}」`,
        `Take ${action} through ${via.replace(':id', caseId)}`,
        'use_dedicated_route',
      );
  }

  /** Runs a command once per (actor, key): a retry gets the first result, even while the first is still running. */
  private async idempotent<T>(actor: Actor, key: string | undefined, run: (tx: Tx) => Promise<T>): Promise<T> {
    if (key !== undefined && (key.length < 8 || key.length > 128))
      throw badInput('Idempotency-Key', '幂等键应为8-128个字符', 'Idempotency-Key must be 8-128 characters');
    return this.db.transaction().execute(async (tx) => {
      if (key && !(await claimIdempotencyKey(tx, actor.id, key))) {
        const first = await storedResponse(tx, actor.id, key);
        if (first) return first as T;
      }
      const result = await run(tx);
      if (key) await saveResponse(tx, actor.id, key, result);
      return result;
    });
  }
}
