/** 简体中文: the product's default language and the shape the other languages must fill. */
export const zhCN = {
  app: { title: '基层政务服务与治理平台', short: '工作台' },
  common: {
    search: '查询', reset: '重置', submit: '提交', cancel: '取消', confirm: '确定', close: '关闭', save: '保存', back: '返回',
    loading: '加载中…', none: '无', yes: '是', no: '否', download: '下载', preview: '预览', export: '导出 Excel', exportCsv: '导出 CSV',
    nextPage: '下一页', prevPage: '上一页', firstPage: '首页', actions: '操作', details: '详情', refresh: '刷新', required: '必填',
    language: '语言', unknownError: '操作失败，请稍后再试', saved: '已保存', reason: '理由',
  },
  nav: {
    dashboard: '首页', inbox: '待办工作', newCase: '窗口接件', people: '人口信息', import: '批量导入', admin: '系统管理',
    divisions: '行政区划', departments: '部门', users: '用户与角色', calendar: '节假日', caseTypes: '办件类型', audit: '审计日志',
    account: '修改密码', logout: '退出登录',
  },
  login: {
    title: '工作人员登录', username: '用户名', password: '密码', totp: '动态验证码', submit: '登录',
    totpHint: '请输入身份验证器中的6位动态验证码', expired: '会话已过期，请重新登录', loggedOut: '您已退出登录',
    enrolTitle: '绑定动态验证码（管理员必须）', enrolHint: '用身份验证器扫描二维码或输入密钥，然后输入显示的6位验证码。', secret: '密钥', enrolSubmit: '验证并进入',
    locked: '账户已锁定，请于 {{minutes}} 分钟后再试（{{until}}）',
  },
  account: {
    title: '修改密码', current: '当前密码', next: '新密码', repeat: '再次输入新密码', policy: '至少10位，包含大写字母、小写字母、数字、符号中的三类。修改后其他设备上的登录将失效。',
    mismatch: '两次输入的新密码不一致', done: '密码已修改',
  },
  header: { department: '部门', jurisdiction: '辖区' },
  dashboard: {
    title: '工作概况', openByStatus: '在办件按状态', openByDepartment: '在办件按部门', onTimeRate: '按时办结率（近90天）',
    overdueTrend: '超期趋势（按受理月份）', opened: '受理', overdue: '超期', open: '在办', dueSoon: '临期', closedCount: '办结 {{n}} 件', noData: '暂无数据',
  },
  inbox: {
    title: '待办工作', mine: '我的待办', department: '本部门', dueSoon: '即将到期', overdue: '已超期', all: '辖区全部',
    number: '办件编号', subject: '办件对象', titleCol: '事项', type: '类型', status: '状态', due: '截止日期', left: '剩余',
    daysLeft: '剩 {{n}} 个工作日', daysOver: '超期 {{n}} 个工作日', dueToday: '今日到期', paused: '暂停计时', noDue: '—',
    filterType: '类型', filterStatus: '状态', filterDivision: '区划', filterDates: '受理日期', sort: '排序', sortDue: '截止日期优先', sortOpened: '最新受理优先',
    empty: '没有待办办件', page: '第 {{n}} 页',
  },
  cases: {
    summary: '办件概要', timeline: '办理过程', clock: '办理时限', documents: '文书', actions: '可办理操作', noActions: '当前没有您可以办理的操作',
    number: '办件编号', type: '类型', subject: '办件对象', status: '状态', opened: '接件时间', closed: '办结时间', due: '截止日期', owner: '承办部门', assisting: '协办部门', flags: '标记',
    opinion: '意见', attachments: '附件', upload: '上传附件', inputs: '填写内容',
    clockLimit: '时限', clockUsed: '已用', clockState: '状态', clockExtension: '延长', clockDue: '截止', clockStarted: '起算',
    days: '{{n}} 个工作日', calendarDays: '{{n}} 日', clockStates: { notStarted: '未开始', running: '计时中', paused: '暂停计时', stopped: '已停止' },
    pausedPeriods: '计时记录',
    conflict: '该办件刚刚已被其他人办理（或您的页面已过时），已为您刷新为最新状态，请核对后再操作。',
    done: '已办理：{{action}}', notFound: '办件不存在或不在您的辖区内', newTitle: '窗口接件', subjectSearch: '查找申请人（身份证号或姓名）',
    titleField: '事项名称', open: '接件', opened_ok: '已接件：{{number}}', chooseSubject: '请先选择申请人', me: '我',
    leftReach: '办件已转出本部门，已返回待办工作。',
    docPreview: '预览', docDownload: '下载', verifyCode: '核验码',
  },
  people: {
    title: '人口信息', idNumber: '身份证号', name: '姓名', address: '地址', household: '户号', sex: '性别', birth: '出生日期', phone: '联系电话',
    ethnicity: '民族', registered: '户籍地址', residence: '居住地址', residenceType: '人口类型', marital: '婚姻状况', disability: '残疾等级', veteran: '退役军人', division: '所属村（社区）',
    male: '男', female: '女', resident: '户籍人口', floating: '流动人口', source: '来源', at: '时间', reveal: '查看完整信息', revealReason: '查看理由（将记入审计日志）',
    revealed: '已显示完整信息（已留痕）', members: '家庭成员', relation: '与户主关系', head: '户主', searchHint: '输入身份证号、姓名、地址或户号', field: '项目', value: '内容', provenance: '数据来源',
  },
  importer: {
    title: '批量导入人员', step1: '选择文件', step2: '预览与列对应', step3: '导入', step4: '结果', choose: '选择 CSV 或 Excel 文件',
    hint: '支持 UTF-8 或 GB18030 编码的 CSV，以及 XLSX。第一行为表头。', heading: '文件列', field: '对应项目', ignore: '（不导入）', sample: '示例数据',
    mode: '遇到错误行', modeAll: '全部不导入（默认）', modeGood: '只导入正确的行', run: '开始导入', progress: '正在上传并逐行校验…',
    applied: '导入完成', rejected: '未导入：文件中有错误行', total: '总行数', inserted: '新增', updated: '补充', unchanged: '未变', bad: '错误', conflicts: '冲突待核实',
    errorReport: '下载错误报告', line: '行号', reason: '原因', again: '再导入一个文件',
  },
  admin: {
    divisionsTitle: '行政区划（含沿革）', merged: '已并入 {{name}}（{{date}}）', splitFrom: '由{{name}}分设（{{date}}）', splitInto: '分设出：{{names}}', validFrom: '设立', current: '现行',
    departmentsTitle: '部门', code: '代码', name: '名称', kind: '类别', phone: '电话', address: '地址', hours: '办公时间',
    usersTitle: '用户', rolesTitle: '角色与权限', username: '用户名', displayName: '姓名', roles: '角色', scope: '范围', totp: '动态验证码', locked: '已锁定', active: '启用',
    newUser: '新建用户', firstPassword: '初始密码', grant: '授予角色', scopes: { department: '本部门', subtree: '本辖区及下级', all: '全部' }, permissions: '权限',
    calendarTitle: '节假日安排', notice: '国务院办公厅通知', holiday: '放假', makeUp: '调休上班', addYear: '载入下一年度', addYearHint: '粘贴国务院办公厅节假日通知（JSON 格式，见 docs/OPERATIONS.md）', missingNext: '尚未载入 {{year}} 年的节假日安排，跨年办件的截止日期将无法计算。',
    required: '必填', optional: '可填', caseTypesTitle: '办件类型', states: '状态', transitions: '操作', clocks: '时限', finalState: '终态',
    auditTitle: '审计日志', action: '操作', actor: '操作人', target: '对象', from: '起', to: '止', verify: '校验审计链', verifyOk: '审计链完整：{{n}} 条', verifyBad: '审计链被破坏：第 {{pos}} 条', at: '时间', ip: 'IP',
  },
  // labels by code, so the server's Chinese labels follow the reader's language; unknown codes show the server's label
  status: {
    received: '已接件', accepted: '已受理', awaitingMaterials: '待补正', reviewed: '已审核', decided: '已决定', closed: '已办结', refused: '不予受理',
  } as Record<string, string>,
  action: {
    open: '接件', accept: '受理', refuse: '不予受理', requestMaterials: '一次性告知补正', supplyMaterials: '补正材料', review: '审核',
    requestExtension: '申请延期', approveExtension: '批准延期', decide: '决定', close: '办结',
    transfer: '转办', setAssisting: '设置协办部门', assign: '指派承办人', supervise: '督办',
  } as Record<string, string>,
};
export type Messages = typeof zhCN;
