import type { DocumentContent } from '../documents/pdf.ts';
import type { CaseType } from './case-type.ts';
import type { DerivedCase } from './derive.ts';

export interface DocumentContext {
  type: CaseType;
  caseNumber: string;
  title: string;
  subjectName: string;
  department: { name: string; phone: string | null };
  derived: DerivedCase;
  fields: Record<string, unknown>;
  opinion: string | null;
  issuedOn: string;
  /** the case's random query code (查询码): with the number it lets the applicant follow and rate the case online */
  queryCode?: string | undefined;
}

export interface CaseDocumentTemplate {
  prefix: string;
  build(ctx: DocumentContext, number: string): DocumentContent;
}

/** Printed as two groups of four, easier to read out on the phone (modules/portal formats it the same way). */
const queryCodeLines = (ctx: DocumentContext): Array<[string, string]> =>
  ctx.queryCode ? [['查询码', `${ctx.queryCode.slice(0, 4)}-${ctx.queryCode.slice(4)}`]] : [];

const clockLines = (ctx: DocumentContext): Array<[string, string]> =>
  ctx.derived.clocks
    .filter((c) => c.dueDate)
    .map((c) => [
      c.label,
      `${c.limitDays + c.extensionDays}${c.unit === 'working' ? '个工作日' : '日'}，${c.dueDate} 前`,
    ]);

/** The documents a case action can produce. */
export const CASE_DOCUMENT_TEMPLATES: Record<string, CaseDocumentTemplate> = {
  receipt: {
    prefix: 'SL',
    build: (ctx, number) => ({
      title: '受理回执',
      number,
      issuer: ctx.department.name,
      issuedOn: ctx.issuedOn,
      addressee: ctx.subjectName,
      body: [
        `您申请的「${ctx.title}」（${ctx.type.name}），材料齐全、符合法定形式，本机关已于 ${ctx.issuedOn} 予以受理。`,
      ],
      lines: [
        ['办件编号', ctx.caseNumber],
        ...queryCodeLines(ctx),
        ['申请事项', ctx.title],
        ['受理部门', ctx.department.name],
        ...clockLines(ctx),
        ['咨询电话', ctx.department.phone ?? ''],
      ],
      footer: [
        '凭办件编号和查询码可在政务服务网站查询办理进度、评价服务；查询码请妥善保管，勿告知他人。因补正材料等待的时间不计入办理时限。',
      ],
    }),
  },
  oneTimeNotice: {
    prefix: 'BZ',
    build: (ctx, number) => ({
      title: '一次性告知书',
      number,
      issuer: ctx.department.name,
      issuedOn: ctx.issuedOn,
      addressee: ctx.subjectName,
      body: [
        `您申请的「${ctx.title}」（办件编号 ${ctx.caseNumber}）经审查，申请材料不齐全或不符合法定形式。现一次性告知您需要补正的全部材料如下：`,
      ],
      list: { heading: '需补正的材料', items: (ctx.fields.missingMaterials as string[]) ?? [] },
      footer: [
        ...(ctx.opinion ? [`说明：${ctx.opinion}`] : []),
        '补正期间暂停计算办理时限，自收到全部补正材料之日起继续计算。',
        `咨询电话：${ctx.department.phone ?? ''}`,
      ],
    }),
  },
};
