import type { Messages } from './zh-CN.ts';

export const en: Messages = {
  site: 'Hejin Government Services', tagline: 'Track a case · Verify a document · Find an office',
  nav: { home: 'Home', track: 'Track a case', verify: 'Verify a document', directory: 'Directory', signin: 'Sign in', me: 'My account' },
  a11y: { skip: 'Skip to main content', large: 'Large text', normal: 'Normal text', language: 'Language' },
  home: {
    track: 'Track your case', trackHint: 'With the case number and the last four characters of the applicant\'s ID number', verify: 'Verify a document', verifyHint: 'Enter the verification code printed on it, or scan its QR code',
    directory: 'Find an office', directoryHint: 'Addresses, phone numbers and opening hours', signin: 'Resident sign-in', signinHint: 'Sign in with your mobile number and a text-message code to book, apply, complain and rate',
  },
  track: {
    title: 'Track a case', number: 'Case number', numberHint: 'The number on your receipt, e.g. SQ-2026-000123', idTail: 'Last four characters of the applicant\'s ID number', submit: 'Track',
    notFound: 'No case found. Please check the case number and the last four characters of the ID number.', status: 'Status', due: 'Promised by', paused: 'Clock paused while materials are supplied', opened: 'Received', closed: 'Completed',
    steps: 'Steps', open: 'In progress', done: 'Completed', privacy: 'To protect personal information, only the steps and the departments are shown.',
  },
  verify: {
    title: 'Verify a document', code: 'Verification code', codeHint: 'The code at the bottom of the document, e.g. ABCD-EFGH-JKLM', submit: 'Verify', valid: 'This document is genuine', invalid: 'No document has this code; it may not have been issued by this system.',
    number: 'Document number', kind: 'Document', issuer: 'Issued by', issued: 'Issued on', caseNumber: 'Case number', scan: 'Scan the QR code on the document with your phone camera: it opens this page and checks it.',
  },
  directory: { title: 'Department directory', address: 'Address', phone: 'Phone', hours: 'Hours', county: 'City departments', call: 'Call' },
  signin: {
    title: 'Resident sign-in', phone: 'Mobile number', code: 'Code from the text message', send: 'Send code', resend: 'Resend in {{n}} s', submit: 'Sign in', demoCode: 'Demo code: {{code}} (sent by text message in production)',
    signedIn: 'Signed in: {{phone}}', signOut: 'Sign out', later: 'Booking, applications, complaints and ratings are coming soon.', sent: 'Code sent',
  },
  step: {
    open: 'Received', accept: 'Accepted', refuse: 'Refused', requestMaterials: 'Missing materials requested', supplyMaterials: 'Materials supplied', review: 'Reviewed',
    requestExtension: 'Extension requested', approveExtension: 'Extension approved', decide: 'Decided', close: 'Completed', transfer: 'Transferred', setAssisting: 'Assisting departments set', assign: 'Assigned', supervise: 'Supervised',
  },
  status: { received: 'received', accepted: 'accepted', awaitingMaterials: 'awaiting materials', reviewed: 'reviewed', decided: 'decided', closed: 'closed', refused: 'refused' },
  error: { generic: 'Something went wrong; please try again later.', required: 'Please enter {{field}}' },
};
