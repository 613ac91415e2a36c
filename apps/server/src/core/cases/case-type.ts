import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/database.ts';
import type { CaseDocumentTemplate } from './case-documents.ts';
import { SubjectRegistry } from './case-subjects.ts';
import type { DerivedCase, LoggedAction } from './derive.ts';

/**
 * A case type is plain TypeScript data, validated when the server starts: its states, the actions
 * that move between them (who may take each, from where, what each needs), and its clocks.
 */
export const FieldSpec = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['string', 'text', 'integer', 'date', 'enum', 'stringList', 'department', 'user', 'object']),
  required: z.boolean().default(true),
  options: z.array(z.string()).optional(),
  max: z.number().optional(),
});
export type FieldSpec = z.infer<typeof FieldSpec>;

const ClockEffect = z.enum(['start', 'pause', 'resume', 'stop', 'extend', 'restart']);

export const ActionSpec = z.object({
  code: z.string().regex(/^[a-z][A-Za-z]*$/),
  label: z.string(),
  from: z.array(z.string()).min(1),
  to: z.string().optional().describe('next state; omitted keeps the state'),
  roles: z.array(z.string()).min(1),
  fields: z.array(FieldSpec).default([]),
  opinion: z.enum(['required', 'optional', 'none']).default('optional'),
  attachments: z.enum(['required', 'optional', 'none']).default('optional'),
  setFlags: z.array(z.string()).default([]),
  clearFlags: z.array(z.string()).default([]),
  /** clock code → what this action does to it; 'extend' reads the integer field `days`. */
  clocks: z.record(z.string(), ClockEffect).default({}),
  documents: z.array(z.string()).default([]).describe('document templates produced when the action is taken'),
  /** an action with steps that go with it (a dispatch also moves the case): taken only through this route, `:id` the case */
  via: z.string().optional(),
  /** separation of duties: no one who took one of these actions on the case may take this one */
  notBy: z.array(z.string()).default([]),
  /** what the type's hooks check or do beyond this data, in a phrase (for docs/WORKFLOWS.md, which is generated) */
  rule: z.string().optional(),
});
export type ActionSpec = z.infer<typeof ActionSpec>;

export const ClockSpec = z.object({
  code: z.string(),
  label: z.string(),
  kind: z.enum(['statutory', 'promised']),
  unit: z.enum(['working', 'calendar']),
  limitDays: z.number().int().positive(),
  /** most days all extensions together may add */
  maxExtensionDays: z.number().int().min(0).default(0),
  /** share of the limit after which the case turns yellow (预警) */
  dueSoonShare: z.number().gt(0).lt(1).default(0.8),
  /** read the limit and the unit from the case's data when set there (a catalogue item's own time limit) */
  limitField: z.string().optional(),
  unitField: z.string().optional(),
  /** runs from the opening itself (a work order the system opens, such as a bad review's rectification) */
  startsOnOpen: z.boolean().default(false),
  /** where the limit comes from (article and law, or the practice it follows): printed in docs/WORKFLOWS.md */
  legalBasis: z.string().optional(),
});
export type ClockSpec = z.infer<typeof ClockSpec>;

export const CaseTypeSpec = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]*$/),
    numberPrefix: z.string().regex(/^[A-Z]{1,4}$/),
    name: z.string(),
    nameEn: z.string(),
    initialState: z.string(),
    states: z.record(z.string(), z.object({ label: z.string(), final: z.boolean().default(false) })),
    openRoles: z.array(z.string()).min(1),
    /** the one kind of subject the case is opened on (a 低保 case on a household, a prior consultation on a company); unset, any */
    openSubject: z.enum(['person', 'household', 'organisation', 'complaint']).optional(),
    openFields: z.array(FieldSpec).default([]),
    actions: z.array(ActionSpec).min(1),
    clocks: z.array(ClockSpec).default([]),
    /** the extra panels the console shows on this type's case page, by name (the web maps names to components) */
    panels: z.array(z.string().regex(/^[a-z][a-zA-Z]*$/)).default([]),
    /** for docs/WORKFLOWS.md: who opens the case and why, in a paragraph of Markdown */
    description: z.string().optional(),
    /** for docs/WORKFLOWS.md: the law the whole type follows */
    legalBasis: z.string().optional(),
    /** for docs/WORKFLOWS.md: time limits the hooks enforce rather than a clock (a notice period, a window to ask) */
    otherTimeLimits: z.array(z.object({ what: z.string(), limit: z.string(), legalBasis: z.string() })).default([]),
    /** for docs/WORKFLOWS.md: the title of each document an action produces (document template code → title) */
    documentTitles: z.record(z.string(), z.string()).default({}),
  })
  .superRefine((t, ctx) => {
    const states = Object.keys(t.states);
    const clocks = new Set(t.clocks.map((c) => c.code));
    if (!t.states[t.initialState])
      ctx.addIssue({ code: 'custom', path: ['initialState'], message: `unknown state ${t.initialState}` });
    const seen = new Set<string>();
    t.actions.forEach((a, i) => {
      if (seen.has(a.code))
        ctx.addIssue({ code: 'custom', path: ['actions', i, 'code'], message: `duplicate action ${a.code}` });
      seen.add(a.code);
      for (const s of [...a.from, ...(a.to ? [a.to] : [])]) {
        if (!states.includes(s))
          ctx.addIssue({ code: 'custom', path: ['actions', i], message: `action ${a.code} names unknown state ${s}` });
      }
      for (const [clock, effect] of Object.entries(a.clocks)) {
        if (!clocks.has(clock))
          ctx.addIssue({
            code: 'custom',
            path: ['actions', i, 'clocks'],
            message: `action ${a.code} names unknown clock ${clock}`,
          });
        if (effect === 'extend' && !a.fields.some((f) => f.name === 'days' && f.type === 'integer')) {
          ctx.addIssue({
            code: 'custom',
            path: ['actions', i, 'fields'],
            message: `action ${a.code} extends a clock and needs an integer field "days"`,
          });
        }
      }
      for (const other of a.notBy) {
        if (!t.actions.some((x) => x.code === other))
          ctx.addIssue({
            code: 'custom',
            path: ['actions', i, 'notBy'],
            message: `action ${a.code} names unknown action ${other}`,
          });
      }
      if (a.from.some((s) => t.states[s]?.final))
        ctx.addIssue({
          code: 'custom',
          path: ['actions', i, 'from'],
          message: `action ${a.code} starts from a final state`,
        });
    });
  });
export type CaseTypeInput = z.input<typeof CaseTypeSpec>;
export type CaseType = z.output<typeof CaseTypeSpec>;

/** Engine actions every case type has: they move the case between people, not between states. */
export const ENGINE_ACTIONS = ['open', 'transfer', 'assign', 'setAssisting', 'supervise'] as const;
export type EngineAction = (typeof ENGINE_ACTIONS)[number];

/** What a command's hook sees: the case as locked, its log before the action, and who acts when. */
export interface CaseHookContext {
  action: string;
  caseRow: {
    id: string;
    number: string;
    title: string;
    subjectType: string;
    subjectId: string;
    subjectName: string;
    divisionCode: string;
    divisionPath: string;
  };
  log: LoggedAction[];
  fields: Record<string, unknown>;
  opinion: string | null;
  actor: Actor;
  at: Date;
  today: string;
}

/**
 * A domain module's rules that plain data cannot say (an investigation's arithmetic, a notice period,
 * an entitlement created on approval). Both run inside the command's transaction: a throw refuses
 * the whole command and nothing is stored.
 */
export interface CaseHooks {
  /** Checks an opening beyond its field specs (a duplicate application, a subject that does not fit); runs in the opening's transaction. */
  beforeOpen?(
    tx: Tx,
    ctx: { fields: Record<string, unknown>; subjectType: string; subjectId: string; actor: Actor; today: string },
  ): Promise<Record<string, unknown> | void>;
  /** Checks the action and may return fields to store with it (computed values); runs before it is appended. */
  beforeAction?(tx: Tx, ctx: CaseHookContext): Promise<Record<string, unknown> | void>;
  /** Side effects of the action once it and the derived columns are written (fields include the computed ones). */
  afterAction?(tx: Tx, ctx: CaseHookContext & { derived: DerivedCase }): Promise<void>;
  /** the type's own document templates, beside the engine's (receipt, one-time notice) */
  documents?: Record<string, CaseDocumentTemplate>;
}

export class CaseTypeRegistry {
  private readonly types = new Map<string, CaseType>();
  private readonly hooks = new Map<string, CaseHooks>();
  /** what cases are opened on: each subject type's resolver, from the module that owns it */
  readonly subjects = new SubjectRegistry();

  /** @param clockLimits a deployment's own limits by "type.clock" (a province may shorten a statutory limit) */
  constructor(private readonly clockLimits: Record<string, number> = {}) {}

  hooksOf(code: string): CaseHooks {
    return this.hooks.get(code) ?? {};
  }

  register(input: CaseTypeInput, hooks?: CaseHooks): CaseType {
    const clocks = (input.clocks ?? []).map((c) => ({
      ...c,
      limitDays: this.clockLimits[`${input.code}.${c.code}`] ?? c.limitDays,
    }));
    const parsed = CaseTypeSpec.safeParse({ ...input, clocks });
    if (!parsed.success) {
      throw new Error(
        `case type ${input.code} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    if ((ENGINE_ACTIONS as readonly string[]).some((e) => parsed.data.actions.some((a) => a.code === e))) {
      throw new Error(`case type ${input.code} redefines an engine action`);
    }
    this.types.set(parsed.data.code, parsed.data);
    if (hooks) this.hooks.set(parsed.data.code, hooks);
    return parsed.data;
  }

  get(code: string): CaseType | undefined {
    return this.types.get(code);
  }

  all(): CaseType[] {
    return [...this.types.values()];
  }
}

/** The engine actions' forms, in the same contract as a case type's own actions, for the console to draw. */
export const ENGINE_ACTION_FORMS: Array<{
  code: Exclude<EngineAction, 'open'>;
  label: string;
  opinion: 'required' | 'optional';
  fields: FieldSpec[];
}> = [
  {
    code: 'transfer',
    label: '转办',
    opinion: 'required',
    fields: [{ name: 'toDepartmentId', label: '转至部门', type: 'department', required: true }],
  },
  {
    code: 'setAssisting',
    label: '设置协办部门',
    opinion: 'optional',
    fields: [{ name: 'departmentIds', label: '协办部门', type: 'department', required: false, max: 20 }],
  },
  {
    code: 'assign',
    label: '指派承办人',
    opinion: 'optional',
    fields: [{ name: 'assigneeId', label: '承办人', type: 'user', required: true }],
  },
  { code: 'supervise', label: '督办', opinion: 'required', fields: [] },
];
