import type { CaseDocumentTemplate } from '../../core/cases/case-documents.ts';
import type { Assessment } from './investigation.ts';
import { yuanOf } from './bank-files.ts';
import { maskName } from './investigation.ts';
import { programmeName } from './programmes.ts';

const yuan = (fen: number) => `${yuanOf(fen)} 元`;

/** The three letters of a 低保 case: the notice posted in the community, the approval, the refusal. */
export const MINIMUM_ALLOWANCE_DOCUMENTS: Record<string, CaseDocumentTemplate> = {
  allowanceNotice: {
    prefix: 'GS',
    build: (ctx, number) => {
      const d = ctx.derived.data;
      const a = d.assessment as Assessment;
      return {
        title: '最低生活保障审核公示',
        number,
        issuer: ctx.department.name,
        issuedOn: ctx.issuedOn,
        body: [
          `经本人申请、入户调查、民主评议和乡镇（街道）审核，下列家庭拟纳入${programmeName(String(d.programme))}，现予公示。`,
          `公示期自 ${String(d.noticeFrom)} 至 ${String(d.noticeUntil)}，共 7 天。如有异议，请在公示期内向下列电话反映，或在政务服务网站「低保公示」栏目在线提出，我们将重新核实。`,
        ],
        // names masked (张*三): the published list protects privacy; no ID numbers, no addresses
        lines: [
          ['申请人', maskName(String(d.applicant))],
          ['家庭人口', `${a.members} 人`],
          ['拟保障金额', `${yuan(a.monthlyAmountFen)}/月`],
          ['办件编号', ctx.caseNumber],
          ['监督电话', ctx.department.phone ?? ''],
        ],
        footer: ['依据：《社会救助暂行办法》《最低生活保障审核确认办法》（民发〔2021〕57号）。'],
      };
    },
  },
  allowanceApproval: {
    prefix: 'PZ',
    build: (ctx, number) => {
      const d = ctx.derived.data;
      const a = d.assessment as Assessment;
      return {
        title: '最低生活保障审批通知书',
        number,
        issuer: ctx.department.name,
        issuedOn: ctx.issuedOn,
        addressee: String(d.applicant),
        body: [
          `您家庭申请的${programmeName(String(d.programme))}，经审核确认，符合保障条件，自 ${String(d.startMonth).slice(0, 7)} 起纳入保障。`,
        ],
        lines: [
          ['办件编号', ctx.caseNumber],
          ['家庭人口', `${a.members} 人`],
          ['月保障金额', yuan(a.monthlyAmountFen)],
          ['分类管理', `${String(d.classCode)} 类`],
          ['下次核查', String(d.nextReverification)],
        ],
        list: { heading: '计算依据', items: a.explanation },
        footer: [
          '保障金按月通过银行社会化发放至您的账户。家庭人口、收入、财产状况发生变化的，请及时告知社区（村）或乡镇（街道）。',
        ],
      };
    },
  },
  allowanceRefusal: {
    prefix: 'BP',
    build: (ctx, number) => ({
      title: '不予批准最低生活保障通知书',
      number,
      issuer: ctx.department.name,
      issuedOn: ctx.issuedOn,
      addressee: String(ctx.derived.data.applicant),
      body: [
        `您家庭申请的${programmeName(String(ctx.derived.data.programme))}（办件编号 ${ctx.caseNumber}），经审核确认，不符合保障条件，决定不予批准。`,
        `理由：${ctx.opinion ?? ''}`,
      ],
      footer: [
        '如不服本决定，可自收到本通知书之日起六十日内向本级人民政府或上一级民政部门申请行政复议，或者自收到之日起六个月内向人民法院提起行政诉讼。',
        `咨询电话：${ctx.department.phone ?? ''}`,
      ],
    }),
  },
};
