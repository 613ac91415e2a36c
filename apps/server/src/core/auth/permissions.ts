/** Every permission the product checks. A grant of a role carries a scope (department, subtree, all). */
export const PERMISSIONS = [
  'case.read',
  'case.open',
  'case.act',
  'case.transfer',
  'case.supervise',
  'case.export',
  'person.read',
  'person.write',
  'person.reveal',
  'registry.import',
  'division.manage',
  'department.manage',
  'calendar.manage',
  'config.manage',
  'user.manage',
  'role.manage',
  'assistance.read',
  'assistance.manage',
  'payment.prepare',
  'payment.approve',
  'care.record',
  'centre.serve',
  'centre.manage',
  'evaluation.read',
  'evaluation.decide',
  'complaint.manage',
  'dispute.manage',
  'audit.read',
  'audit.export',
  'audit.verify',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface RoleDefinition {
  code: string;
  name: string;
  permissions: Permission[];
  adminKind?: 'system' | 'security' | 'audit';
}

/** Built-in roles. The three administrator roles are separated (三权分立): no account may hold two. */
export const BUILTIN_ROLES: RoleDefinition[] = [
  {
    code: 'window_clerk',
    name: '窗口受理员',
    permissions: [
      'case.read',
      'case.open',
      'case.act',
      'case.transfer',
      'case.export',
      'person.read',
      'person.write',
      'centre.serve',
      'evaluation.read',
    ],
  },
  {
    code: 'reviewer',
    name: '审核员',
    permissions: ['case.read', 'case.act', 'case.transfer', 'case.export', 'person.read'],
  },
  {
    code: 'department_head',
    name: '科室负责人',
    permissions: [
      'case.read',
      'case.act',
      'case.transfer',
      'case.supervise',
      'case.export',
      'person.read',
      'person.reveal',
      'centre.serve',
      'centre.manage',
      'evaluation.read',
    ],
  },
  {
    code: 'community_worker',
    name: '社区工作者',
    permissions: [
      'case.read',
      'case.open',
      'case.act',
      'person.read',
      'person.write',
      'assistance.read',
      'care.record',
      'dispute.manage',
    ],
  },
  {
    code: 'supervisor',
    name: '督查专员',
    permissions: ['case.read', 'case.supervise', 'case.export', 'evaluation.read', 'evaluation.decide'],
  },
  {
    code: 'assistance_worker',
    name: '民政助理员',
    permissions: [
      'case.read',
      'case.open',
      'case.act',
      'case.transfer',
      'case.export',
      'person.read',
      'person.write',
      'assistance.read',
      'assistance.manage',
      'care.record',
    ],
  },
  {
    code: 'assistance_approver',
    name: '社会救助审批员',
    permissions: [
      'case.read',
      'case.act',
      'case.export',
      'person.read',
      'person.reveal',
      'assistance.read',
      'assistance.manage',
      'payment.approve',
      'care.record',
    ],
  },
  {
    code: 'payment_officer',
    name: '救助资金发放员',
    permissions: ['person.read', 'assistance.read', 'payment.prepare'],
  },
  // 12345 热线 / 信访 operators: take matters from every channel, dispatch them, call back, close
  {
    code: 'complaint_operator',
    name: '诉求受理协调员',
    permissions: [
      'case.read',
      'case.open',
      'case.act',
      'case.transfer',
      'case.supervise',
      'case.export',
      'person.read',
      'complaint.manage',
      'dispute.manage',
    ],
  },
  {
    code: 'registry_officer',
    name: '人口信息管理员',
    permissions: ['person.read', 'person.write', 'person.reveal', 'registry.import'],
  },
  {
    code: 'system_admin',
    name: '系统管理员',
    permissions: ['division.manage', 'department.manage', 'calendar.manage', 'config.manage', 'centre.manage'],
    adminKind: 'system',
  },
  { code: 'security_admin', name: '安全管理员', permissions: ['user.manage', 'role.manage'], adminKind: 'security' },
  {
    code: 'audit_admin',
    name: '审计管理员',
    permissions: ['audit.read', 'audit.export', 'audit.verify'],
    adminKind: 'audit',
  },
];
