/** 简体中文 for the residents' portal: plain words, short sentences. */
export const zhCN = {
  site: '河津市政务服务', tagline: '办事进度查询 · 文书核验 · 办事指引',
  nav: { home: '首页', track: '办件查询', verify: '文书核验', directory: '部门通讯录', signin: '登录', me: '我的' },
  a11y: { skip: '跳到主要内容', large: '大字模式', normal: '标准字号', language: '语言' },
  home: {
    track: '查办件进度', trackHint: '凭办件编号和申请人身份证号后四位查询', verify: '核验文书真伪', verifyHint: '输入文书上的核验码，或扫描文书上的二维码',
    directory: '找部门', directoryHint: '各部门地址、电话和办公时间', signin: '居民登录', signinHint: '用手机号和短信验证码登录，办理预约、申请、投诉、评价',
  },
  track: {
    title: '办件进度查询', number: '办件编号', numberHint: '受理回执上的编号，如 SQ-2026-000123', idTail: '申请人身份证号后四位', submit: '查询',
    notFound: '没有找到这个办件。请核对办件编号和身份证号后四位。', status: '当前状态', due: '承诺办结日期', paused: '补正材料期间暂停计时', opened: '接件日期', closed: '办结日期',
    steps: '办理过程', open: '办理中', done: '已办结', privacy: '为保护个人信息，这里只显示办理步骤和部门。',
  },
  verify: {
    title: '文书核验', code: '核验码', codeHint: '文书底部的核验码，如 ABCD-EFGH-JKLM', submit: '核验', valid: '这是一份真实有效的文书', invalid: '未找到这个核验码对应的文书，文书可能不是本系统出具的。',
    number: '文书编号', kind: '文书名称', issuer: '出具单位', issued: '出具日期', caseNumber: '办件编号', scan: '用手机相机扫描文书上的二维码，会自动打开本页并完成核验。',
  },
  directory: { title: '部门通讯录', address: '地址', phone: '电话', hours: '办公时间', county: '市直部门', call: '拨打' },
  signin: {
    title: '居民登录', phone: '手机号码', code: '短信验证码', send: '获取验证码', resend: '{{n}} 秒后重新获取', submit: '登录', demoCode: '演示环境验证码：{{code}}（正式环境通过短信发送）',
    signedIn: '已登录：{{phone}}', signOut: '退出登录', later: '预约、申请、投诉和评价功能即将开通。', sent: '验证码已发送',
  },
  // the steps a resident sees, by action code; an unknown code shows the server's label
  step: {
    open: '接件', accept: '受理', refuse: '不予受理', requestMaterials: '一次性告知补正', supplyMaterials: '补正材料', review: '审核',
    requestExtension: '申请延期', approveExtension: '批准延期', decide: '决定', close: '办结', transfer: '转办', setAssisting: '设置协办部门', assign: '指派承办人', supervise: '督办',
  } as Record<string, string>,
  status: { received: '已接件', accepted: '已受理', awaitingMaterials: '待补正', reviewed: '已审核', decided: '已决定', closed: '已办结', refused: '不予受理' } as Record<string, string>,
  error: { generic: '暂时无法完成，请稍后再试。', required: '请填写{{field}}' },
};
export type Messages = typeof zhCN;
