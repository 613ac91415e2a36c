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
}

export interface CaseDocumentTemplate {
  prefix: string;
  build(ctx: DocumentContext, number: string): DocumentContent;
}

const clockLines = (ctx: DocumentContext): Array<[string, string]> =>
  ctx.derived.clocks.filter((c) => c.dueDate).map((c) => [c.label, `${c.limitDays + c.extensionDays}${c.unit === 'working' ? '个工作日' : '日'}，${c.dueDate} 前`]);

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
      body: [`您申请的「${ctx.title}」（${ctx.type.name}），材料齐全、符合法定形式，本机关已于 ${ctx.issuedOn} 予以受理。`],
      lines: [['办件编号', ctx.caseNumber], ['申请事项', ctx.title], ['受理部门', ctx.department.name], ...clockLines(ctx), ['咨询电话', ctx.department.phone ?? '']],
      footer: ['凭办件编号可在政务服务网站查询办理进度。因补正材料等待的时间不计入办理时限。'],
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
