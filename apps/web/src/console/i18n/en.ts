import type { Messages } from './zh-CN.ts';

export const en: Messages = {
  app: { title: 'Grassroots — Government Services', short: 'Console' },
  common: {
    search: 'Search', reset: 'Reset', submit: 'Submit', cancel: 'Cancel', confirm: 'OK', close: 'Close', save: 'Save', back: 'Back',
    loading: 'Loading…', none: 'None', yes: 'Yes', no: 'No', download: 'Download', preview: 'Preview', export: 'Export to Excel', exportCsv: 'Export CSV',
    nextPage: 'Next page', prevPage: 'Previous page', firstPage: 'First page', actions: 'Actions', details: 'Details', refresh: 'Refresh', required: 'Required',
    language: 'Language', unknownError: 'Something went wrong; please try again', saved: 'Saved', reason: 'Reason',
  },
  nav: {
    dashboard: 'Home', inbox: 'Work inbox', newCase: 'Window intake', people: 'People', import: 'Import', admin: 'Administration',
    divisions: 'Divisions', departments: 'Departments', users: 'Users and roles', calendar: 'Holidays', caseTypes: 'Case types', audit: 'Audit log',
    account: 'Change password', logout: 'Log out',
  },
  login: {
    title: 'Staff sign-in', username: 'Username', password: 'Password', totp: 'One-time code', submit: 'Log in',
    totpHint: 'Enter the 6-digit code from your authenticator app', expired: 'Your session has expired; please log in again', loggedOut: 'You have logged out',
    enrolTitle: 'Set up a one-time code (required for administrators)', enrolHint: 'Scan the QR code or enter the secret in an authenticator app, then enter the 6-digit code it shows.', secret: 'Secret', enrolSubmit: 'Verify and continue',
    locked: 'Account locked; try again in {{minutes}} minutes ({{until}})',
  },
  account: {
    title: 'Change password', current: 'Current password', next: 'New password', repeat: 'Repeat the new password', policy: 'At least 10 characters, with three of: upper case, lower case, digits, symbols. Your other sessions will end.',
    mismatch: 'The two new passwords differ', done: 'Password changed',
  },
  header: { department: 'Department', jurisdiction: 'Jurisdiction' },
  dashboard: {
    title: 'Overview', openByStatus: 'Open cases by status', openByDepartment: 'Open cases by department', onTimeRate: 'Closed on time (last 90 days)',
    overdueTrend: 'Overdue by month opened', opened: 'Opened', overdue: 'Overdue', open: 'Open', dueSoon: 'Due soon', closedCount: '{{n}} closed', noData: 'No data yet',
  },
  inbox: {
    title: 'Work inbox', mine: 'My tasks', department: 'My department', dueSoon: 'Due soon', overdue: 'Overdue', all: 'All in my jurisdiction',
    number: 'Case number', subject: 'Subject', titleCol: 'Matter', type: 'Type', status: 'Status', due: 'Due', left: 'Left',
    daysLeft: '{{n}} working days left', daysOver: '{{n}} working days overdue', dueToday: 'Due today', paused: 'Clock paused', noDue: '—',
    filterType: 'Type', filterStatus: 'Status', filterDivision: 'Division', filterDates: 'Opened between', sort: 'Sort', sortDue: 'Due first', sortOpened: 'Newest first',
    empty: 'Nothing to do', page: 'Page {{n}}',
  },
  cases: {
    summary: 'Summary', timeline: 'Timeline', clock: 'Time limits', documents: 'Documents', actions: 'Actions', noActions: 'There is nothing you can do on this case now',
    number: 'Case number', type: 'Type', subject: 'Subject', status: 'Status', opened: 'Opened', closed: 'Closed', due: 'Due', owner: 'Owning department', assisting: 'Assisting departments', flags: 'Flags',
    opinion: 'Opinion', attachments: 'Attachments', upload: 'Upload', inputs: 'Inputs',
    clockLimit: 'Limit', clockUsed: 'Used', clockState: 'State', clockExtension: 'Extension', clockDue: 'Due', clockStarted: 'Started',
    days: '{{n}} working days', calendarDays: '{{n}} days', clockStates: { notStarted: 'Not started', running: 'Running', paused: 'Paused', stopped: 'Stopped' },
    pausedPeriods: 'Clock record',
    conflict: 'Someone else has just acted on this case (or your page was out of date). It has been refreshed: check it and try again.',
    done: 'Done: {{action}}', notFound: 'Case not found or outside your jurisdiction', newTitle: 'Window intake', subjectSearch: 'Find the applicant (ID number or name)',
    titleField: 'Matter', open: 'Open the case', opened_ok: 'Case opened: {{number}}', chooseSubject: 'Choose the applicant first', me: 'Me',
    leftReach: 'The case has left your department; back to the inbox.',
    docPreview: 'Preview', docDownload: 'Download', verifyCode: 'Verification code',
  },
  people: {
    title: 'People', idNumber: 'ID number', name: 'Name', address: 'Address', household: 'Household no.', sex: 'Sex', birth: 'Date of birth', phone: 'Phone',
    ethnicity: 'Ethnicity', registered: 'Registered address', residence: 'Residence', residenceType: 'Residence type', marital: 'Marital status', disability: 'Disability grade', veteran: 'Veteran', division: 'Village/community',
    male: 'Male', female: 'Female', resident: 'Registered resident', floating: 'Floating population', source: 'Source', at: 'Recorded', reveal: 'Reveal', revealReason: 'Reason for revealing (audited)',
    revealed: 'Full details shown (audited)', members: 'Household members', relation: 'Relation to head', head: 'Head', searchHint: 'ID number, name, address or household number', field: 'Field', value: 'Value', provenance: 'Provenance',
  },
  importer: {
    title: 'Import persons', step1: 'Choose a file', step2: 'Preview and map columns', step3: 'Import', step4: 'Result', choose: 'Choose a CSV or Excel file',
    hint: 'CSV in UTF-8 or GB18030, or XLSX. The first row holds the headings.', heading: 'Column in the file', field: 'Maps to', ignore: '(ignore)', sample: 'Sample rows',
    mode: 'When rows are bad', modeAll: 'Import nothing (default)', modeGood: 'Import the good rows only', run: 'Import', progress: 'Uploading and checking row by row…',
    applied: 'Import applied', rejected: 'Not imported: the file has bad rows', total: 'Rows', inserted: 'New', updated: 'Filled in', unchanged: 'Unchanged', bad: 'Bad', conflicts: 'Conflicts to review',
    errorReport: 'Download the error report', line: 'Line', reason: 'Reason', again: 'Import another file',
  },
  admin: {
    divisionsTitle: 'Divisions (with history)', merged: 'Merged into {{name}} ({{date}})', splitFrom: 'Split from {{name}} ({{date}})', splitInto: 'Split off: {{names}}', validFrom: 'Since', current: 'Current',
    departmentsTitle: 'Departments', code: 'Code', name: 'Name', kind: 'Kind', phone: 'Phone', address: 'Address', hours: 'Hours',
    usersTitle: 'Users', rolesTitle: 'Roles and permissions', username: 'Username', displayName: 'Name', roles: 'Roles', scope: 'Scope', totp: 'One-time code', locked: 'Locked', active: 'Active',
    newUser: 'New user', firstPassword: 'First password', grant: 'Grant a role', scopes: { department: 'Own department', subtree: 'Own area and below', all: 'Everywhere' }, permissions: 'Permissions',
    calendarTitle: 'Public holidays', notice: 'State Council notice', holiday: 'Holiday', makeUp: 'Make-up working day', addYear: 'Load next year', addYearHint: 'Paste the State Council holiday notice (JSON, see docs/OPERATIONS.md)', missingNext: 'The {{year}} holiday notice is not loaded: due dates running into it cannot be computed.',
    required: 'required', optional: 'optional', caseTypesTitle: 'Case types', states: 'States', transitions: 'Actions', clocks: 'Time limits', finalState: 'final',
    auditTitle: 'Audit log', action: 'Action', actor: 'Actor', target: 'Target', from: 'From', to: 'To', verify: 'Verify the chain', verifyOk: 'Chain intact: {{n}} entries', verifyBad: 'Chain broken at entry {{pos}}', at: 'Time', ip: 'IP',
  },
  status: {
    received: 'Received', accepted: 'Accepted', awaitingMaterials: 'Awaiting materials', reviewed: 'Reviewed', decided: 'Decided', closed: 'Closed', refused: 'Refused',
  },
  action: {
    open: 'Received', accept: 'Accept', refuse: 'Refuse', requestMaterials: 'Request missing materials', supplyMaterials: 'Materials supplied', review: 'Review',
    requestExtension: 'Request an extension', approveExtension: 'Approve the extension', decide: 'Decide', close: 'Close',
    transfer: 'Transfer', setAssisting: 'Assisting departments', assign: 'Assign', supervise: 'Supervise',
  },
};
