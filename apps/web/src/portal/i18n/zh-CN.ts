/** 简体中文 for the residents' portal: plain words, short sentences. */
export const zhCN = {
  site: '河津市政务服务', tagline: '办事进度查询 · 文书核验 · 办事指引',
  nav: { home: '首页', guide: '办事指南', track: '办件查询', verify: '文书核验', directory: '部门通讯录', notices: '低保公示', apply: '申请低保', care: '优抚联系卡', signin: '登录', me: '我的' },
  a11y: { skip: '跳到主要内容', large: '大字模式', normal: '标准字号', language: '语言' },
  home: {
    complain: '我要投诉', complainHint: '物业、供暖、市政等问题网上反映，办理结果回访', 
    agency: '企业代办进度', agencyHint: '企业凭项目编号查看代办进度，对代办服务提出投诉',
    ticket: '取号', ticketHint: '到服务中心前先在手机上取号，预约过的凭预约号优先', evaluate: '评价服务', evaluateHint: '办结后对服务作出评价（好差评）', guide: '办事指南', guideHint: '查事项的条件、材料、流程，在线预约',
    track: '查办件进度', trackHint: '凭办件编号和受理回执上的查询码查询', verify: '核验文书真伪', verifyHint: '输入文书上的核验码，或扫描文书上的二维码',
    directory: '找部门', directoryHint: '各部门地址、电话和办公时间', apply: '申请最低生活保障', applyHint: '登录后在网上提交申请，社区（村）会与您联系入户调查',
    notices: '低保公示', noticesHint: '正在公示的保障家庭；如有异议，可在公示期内在线反映', signin: '居民登录', signinHint: '用手机号和短信验证码登录，办理预约、申请、投诉、评价',
  },
  track: {
    title: '办件进度查询', number: '办件编号', numberHint: '受理回执上的编号，如 SQ-2026-000123', queryCode: '查询码', queryCodeHint: '受理回执上的8位查询码，如 K7M2-PQX9；用登记的手机号登录后可不填', queryCodeInvalid: '查询码为8位字母和数字，不含0、1、I、L、O', submit: '查询',
    notFound: '没有找到这个办件。请核对办件编号和查询码。', tooMany: '查询失败次数过多，请一小时后再试，或携带身份证件到办事窗口查询。', status: '当前状态', due: '承诺办结日期', paused: '补正材料期间暂停计时', opened: '接件日期', closed: '办结日期',
    steps: '办理过程', open: '办理中', done: '已办结', privacy: '为保护个人信息，这里只显示办理步骤和部门。',
  },
  verify: {
    title: '文书核验', code: '核验码', codeHint: '文书底部的核验码，如 ABCD-EFGH-JKLM', submit: '核验', valid: '这是一份真实有效的文书', invalid: '未找到这个核验码对应的文书，文书可能不是本系统出具的。',
    number: '文书编号', kind: '文书名称', issuer: '出具单位', issued: '出具日期', caseNumber: '办件编号', scan: '用手机相机扫描文书上的二维码，会自动打开本页并完成核验。',
  },
  directory: { title: '部门通讯录', address: '地址', phone: '电话', hours: '办公时间', county: '市直部门', call: '拨打' },
  signin: {
    title: '居民登录', phone: '手机号码', code: '短信验证码', send: '获取验证码', resend: '{{n}} 秒后重新获取', submit: '登录', demoCode: '演示环境验证码：{{code}}（正式环境通过短信发送）',
    signedIn: '已登录：{{phone}}', signOut: '退出登录', later: '预约、申请、投诉和评价功能即将开通。', sent: '验证码已发送', apply: '申请最低生活保障，查看我的申请',
  },
  book: {
    cancel: '取消预约', cancelSubmit: '确认取消', cancelled: '预约已取消，我们已发短信告知。', date: '日期', time: '时段', title: '预约办理', centre: '服务中心', choose: '请选择', chooseCentre: '请选择服务中心', noSlots: '近期没有可预约的时段，可直接到窗口取号办理。', left: '余 {{n}} 个',
    chooseSlot: '请选择预约时段', name: '姓名', phone: '手机号码', phoneHint: '预约成功后发送短信', phoneInvalid: '请输入11位手机号码', submit: '提交预约',
    done: '预约成功', reference: '预约号', when: '时间', window: '窗口', doneHint: '请按时到服务中心，在取号机或手机上输入预约号取号，优先办理。如需取消，请在预约当天之前取消。',
    homeVisit: '行动不便？申请上门服务', homeVisitDone: '已收到上门服务申请（{{reference}}），工作人员将电话联系您。', address: '上门地址', reason: '需要上门的原因', day: '希望日期',
    book: '预约办理',
  },
  queue: {
    nextPerson: '下一位取号', title: '取号', reference: '预约号（没有可不填）', referenceHint: '预约过的请填写，可优先叫号', take: '取号', yourNumber: '您的号码', ahead: '前面还有 {{n}} 人',
    board: '查看叫号屏', calling: '正在叫号', window: '{{code}}号窗口', waiting: '等候 {{n}} 人', medianWait: '今日等候中位数 {{n}} 分钟', next: '即将叫号',
  },
  evaluate: {
    title: '办事评价（好差评）', find: '查找办件', notFinished: '这个办件还没有办结，办结后才能评价。', already: '这个办件已经评价过（每个办件只能评价一次），评价提交后不能修改。', pad: '现场评价：请办事群众在评价器上评价', padNumber: '请窗口工作人员先登录并受理办件',
    overall: '总体评价', levels: { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' } as Record<string, string>,
    sub: { efficiency: '办事效率', guideAccuracy: '办事指南准确', convenience: '办事便捷', easeOfUse: '网上操作方便', competence: '业务能力', attitude: '服务态度' } as Record<string, string>, sameAsOverall: '同总体评价',
    comment: '意见和建议', commentHint: '选择“不满意”时请写明原因，我们会整改并回访您', submit: '提交评价', chooseLevel: '请选择总体评价', whyBad: '请写明不满意的原因，以便整改',
    done: '感谢您的评价！', badDone: '感谢您的评价。我们已转交整改，将在15个工作日内回访您。', link: '评价这次服务',
  },
  agency: {
    title: '企业代办进度', number: '代办项目编号', numberHint: '如 DB-2026-000001', code: '查询码', codeHint: '开办代办项目时告知企业的8位查询码', find: '查询', agent: '代办员',
    progress: '已办结 {{done}} / {{total}} 项', blocked: '目前卡在：', due: '承诺 {{date}} 前', complain: '对代办服务有意见？', text: '投诉内容', name: '联系人', phone: '联系电话',
    submit: '提交投诉', filed: '投诉已收到，代办员和中心负责人会尽快答复您。',
  },
  results: {
    title: '好差评公示（本月）', by: '按', dims: { department: '部门', window: '窗口', staff: '工作人员', item: '事项' } as Record<string, string>, none: '本月暂无评价。',
    line: '评价 {{total}} 次，满意率 {{rate}}%，差评 {{bad}} 个（已整改 {{rectified}} 个）',
  },
  complain: {
    figuresLink: '查看诉求办理情况公示', title: '我要投诉', signInFirst: '请先用手机号登录，再提交投诉。', category: '问题类别', village: '所在村（社区）', address: '具体地址', description: '问题描述',
    descriptionHint: '说清楚什么时间、什么地点、什么问题', name: '称呼（可不填）', phone: '手机号码', phoneHint: '须为您登录时使用的号码，办理结果将电话回访',
    locate: '附上我现在的位置（可不选）', relocate: '重新定位', located: '已定位：北纬 {{latitude}}，东经 {{longitude}}', clearLocation: '不附位置', noLocation: '无法获取位置，请填写具体地址', 
    photos: '现场照片（可不传，最多9张）', photosHint: '拍下问题所在，便于部门核实；只收照片（JPG、PNG）', photoAlt: '现场照片 {{n}}', removePhoto: '删除照片 {{n}}', uploading: '正在上传照片…',
    submit: '提交', filed: '已收到您的投诉（{{number}}），12345热线中心将派给有关部门办理。', mine: '我的诉求', none: '您还没有提交过诉求。', reply: '办理答复',
    rate: '对办理结果是否满意？', satisfaction: { satisfied: '满意', basicallySatisfied: '基本满意', dissatisfied: '不满意' } as Record<string, string>,
  },
  figures: {
    title: '诉求办理情况', from: '自', to: '至', department: '主办部门', category: '诉求类别', none: '本年暂无诉求。',
    line: '受理 {{received}} 件，办结 {{settled}} 件，按时办结率 {{onTime}}%，回访满意率 {{satisfied}}%，重复诉求 {{repeated}} 件',
  },
  guide: {
    title: '办事指南', search: '您要办什么事？', searchHint: '输入事项名称、条件或材料中的词，如“居住证明”“高龄”', find: '查找', none: '没有找到，请换个说法试试。', notFound: '没有这个事项。',
    mode: { onTheSpot: '即办', promised: '承诺件', agency: '代办', forwarded: '转报上级' } as Record<string, string>,
    code: '事项编码', version: '第 {{n}} 版', limits: '办理时限', limitText: '承诺 {{promised}} 个{{unit}}（法定 {{statutory}} 个{{unit}}）', unit: { working: '工作日', calendar: '自然日' } as Record<string, string>,
    visits: '到现场次数', place: '办理地点', hours: '办理时间', phones: '咨询 / 投诉电话', conditions: '受理条件', materials: '申请材料', copies: '{{n}} 份',
    original: '原件', copy: '复印件', electronic: '可提交电子版', optional: '非必需', later: '可容缺后补', steps: '办理流程', notCounted: '不计入办理时限',
    fees: '收费', free: '不收费', yuan: '元', basis: '设定依据',
  },
  care: {
    title: '优抚对象联系卡与意见反馈', card: '联系卡', cardHint: '外出务工的优抚对象及家属，家中有事可拨打以下电话，或在下面留言。', opinion: '意见反馈表',
    name: '姓名', phone: '手机号码', home: '家乡所在村（社区）', choose: '请选择', text: '意见或需要帮助的事', textHint: '如办理证件、家中老人照顾、抚恤金发放等',
    submit: '提交', filed: '已收到，村（社区）和乡镇民政将与您联系。',
  },
  notices: {
    title: '最低生活保障公示', intro: '以下家庭经入户调查、民主评议和乡镇（街道）审核，拟纳入最低生活保障。为保护隐私，姓名已部分隐去。',
    none: '目前没有正在公示的家庭。', members: '家庭人口', persons: '{{n}} 人', amount: '拟保障金额', yuan: '{{v}} 元/月', period: '公示期', phone: '监督电话',
    object: '对该户有异议', text: '异议内容', textHint: '请写明您了解的事实和理由，我们将重新核实', name: '您的姓名', contact: '联系电话', optional: '可不填；留下电话便于我们向您反馈',
    submit: '提交异议', filed: '已收到您的异议，我们将在审批前重新调查核实。',
  },
  apply: {
    title: '申请最低生活保障', signInFirst: '请先用手机号登录，再提交申请。', programme: '保障类别', programmes: { urbanMinimumAllowance: '城市居民最低生活保障', ruralMinimumAllowance: '农村居民最低生活保障' } as Record<string, string>,
    idNumber: '申请人身份证号', idHint: '由申请人本人或同户成年家庭成员申请，须用户籍登记中本人的手机号登录', reason: '家庭困难情况', reasonHint: '请说明家庭成员、收入和困难原因',
    bankName: '开户银行', account: '银行账号', accountHint: '用于按月发放保障金，可在受理时再登记；须携带本人银行卡或存折由工作人员核对后才会发放', optional: '可不填',
    privacy: '您提供的身份证号和账号仅用于审核和发放，公示时不会公开。', submit: '提交申请', filed: '申请已提交。社区（村）工作人员将与您联系，安排入户调查；填写了银行账号的，请届时出示申请人本人的银行卡或存折以便核对。',
    mine: '我的申请', noneYet: '还没有申请记录。', status: { submitted: '待受理' } as Record<string, string>,
  },
  // the steps a resident sees, by action code; an unknown code shows the server's label
  step: {
    open: '接件', accept: '受理', refuse: '不予受理', requestMaterials: '一次性告知补正', supplyMaterials: '补正材料', review: '审核',
    requestExtension: '申请延期', approveExtension: '批准延期', decide: '决定', close: '办结', transfer: '转办', setAssisting: '设置协办部门', assign: '指派承办人', supervise: '督办',
    investigate: '入户调查', communityReview: '民主评议', townshipReview: '乡镇（街道）审核', startNotice: '张榜公示', reopenInvestigation: '重新调查核实', approve: '审批纳入保障', reject: '不予批准',
  } as Record<string, string>,
  status: {
    received: '已接件', accepted: '已受理', awaitingMaterials: '待补正', reviewed: '已审核', decided: '已决定', closed: '已办结', refused: '不予受理',
    applied: '已申请', investigated: '已入户调查', communityReviewed: '已民主评议', townshipReviewed: '乡镇已审核', onNotice: '公示中', enrolled: '已纳入保障', rejected: '不予批准',
  } as Record<string, string>,
  error: { generic: '暂时无法完成，请稍后再试。', required: '请填写{{field}}' },
};
export type Messages = typeof zhCN;
