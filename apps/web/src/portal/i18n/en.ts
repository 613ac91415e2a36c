import type { Messages } from './zh-CN.ts';

export const en: Messages = {
  site: 'Hejin Government Services', tagline: 'Track a case · Verify a document · Find an office',
  nav: { home: 'Home', guide: 'Service guide', track: 'Track a case', verify: 'Verify a document', directory: 'Directory', notices: 'Allowance notices', apply: 'Apply for the allowance', care: 'Veterans\' contact card', signin: 'Sign in', me: 'My account' },
  a11y: { skip: 'Skip to main content', large: 'Large text', normal: 'Normal text', language: 'Language' },
  home: {
    complain: 'Report a problem', complainHint: 'Property, heating, streets: report online, hear back', 
    agency: 'Enterprise agency', agencyHint: 'Enterprises follow their package and can complain through it',
    ticket: 'Take a number', ticketHint: 'Take a number on your phone before you come; booked visitors go first', evaluate: 'Rate a service', evaluateHint: 'Rate a finished service (好差评)', guide: 'Service guide', guideHint: 'Conditions, materials and steps; book online',
    track: 'Track your case', trackHint: 'With the case number and the query code on your receipt', verify: 'Verify a document', verifyHint: 'Enter the verification code printed on it, or scan its QR code',
    directory: 'Find an office', directoryHint: 'Addresses, phone numbers and opening hours', apply: 'Apply for the minimum living allowance', applyHint: 'Sign in and apply online; your community will contact you for a home visit',
    notices: 'Allowance notices', noticesHint: 'Households on public notice now; object online while the notice runs', signin: 'Resident sign-in', signinHint: 'Sign in with your mobile number and a text-message code to book, apply, complain and rate',
  },
  track: {
    title: 'Track a case', number: 'Case number', numberHint: 'The number on your receipt, e.g. SQ-2026-000123', queryCode: 'Query code', queryCodeHint: 'The 8-character query code on your receipt, e.g. K7M2-PQX9; not needed if you sign in with your registered mobile', queryCodeInvalid: 'The query code has 8 letters and digits, without 0, 1, I, L or O', submit: 'Track',
    notFound: 'No case found. Please check the case number and the query code.', tooMany: 'Too many failed look-ups: try again in an hour, or ask at the service window with your ID card.', status: 'Status', due: 'Promised by', paused: 'Clock paused while materials are supplied', opened: 'Received', closed: 'Completed',
    steps: 'Steps', open: 'In progress', done: 'Completed', privacy: 'To protect personal information, only the steps and the departments are shown.',
  },
  verify: {
    title: 'Verify a document', code: 'Verification code', codeHint: 'The code at the bottom of the document, e.g. ABCD-EFGH-JKLM', submit: 'Verify', valid: 'This document is genuine', invalid: 'No document has this code; it may not have been issued by this system.',
    number: 'Document number', kind: 'Document', issuer: 'Issued by', issued: 'Issued on', caseNumber: 'Case number', scan: 'Scan the QR code on the document with your phone camera: it opens this page and checks it.',
  },
  directory: { title: 'Department directory', address: 'Address', phone: 'Phone', hours: 'Hours', county: 'City departments', call: 'Call' },
  signin: {
    title: 'Resident sign-in', phone: 'Mobile number', code: 'Code from the text message', send: 'Send code', resend: 'Resend in {{n}} s', submit: 'Sign in', demoCode: 'Demo code: {{code}} (sent by text message in production)',
    signedIn: 'Signed in: {{phone}}', signOut: 'Sign out', later: 'Booking, applications, complaints and ratings are coming soon.', sent: 'Code sent', apply: 'Apply for the minimum living allowance; see my applications',
  },
  book: {
    cancel: 'Cancel a booking', cancelSubmit: 'Cancel it', cancelled: 'The booking is cancelled; an SMS confirms it.', date: 'Day', time: 'Time', title: 'Book an appointment', centre: 'Service centre', choose: 'Choose', chooseCentre: 'Choose a service centre', noSlots: 'No slots soon: you can take a number at the centre.', left: '{{n}} left',
    chooseSlot: 'Choose a time', name: 'Name', phone: 'Mobile number', phoneHint: 'We send an SMS when it is booked', phoneInvalid: 'Enter an 11-digit mobile number', submit: 'Book',
    done: 'Booked', reference: 'Reference', when: 'When', window: 'Window', doneHint: 'Come on time and enter the reference at the kiosk or on your phone to take a number; you will be called first. Cancel before the day if you cannot come.',
    homeVisit: 'Cannot come? Ask for a home visit', homeVisitDone: 'Home visit requested ({{reference}}): staff will phone you.', address: 'Address', reason: 'Why a home visit', day: 'Preferred day',
    book: 'Book an appointment',
  },
  queue: {
    nextPerson: 'Next person', title: 'Take a number', reference: 'Booking reference (if any)', referenceHint: 'Booked visitors are called first', take: 'Take a number', yourNumber: 'Your number', ahead: '{{n}} ahead of you',
    board: 'See the hall screen', calling: 'Now calling', window: 'Window {{code}}', waiting: '{{n}} waiting', medianWait: 'median wait today {{n}} min', next: 'Next',
  },
  evaluate: {
    title: 'Rate a service', find: 'Find the service', notFinished: 'This service is not finished yet: rate it when it is.', already: 'This service has been rated (once per case); a rating cannot be changed.', pad: 'On-site rating: the applicant rates on the pad', padNumber: 'The window clerk signs in and accepts the case first',
    overall: 'Overall', levels: { 5: 'Very satisfied', 4: 'Satisfied', 3: 'Basically satisfied', 2: 'Dissatisfied', 1: 'Very dissatisfied' } as Record<string, string>,
    sub: { efficiency: 'Speed', guideAccuracy: 'Accurate guide', convenience: 'Convenience', easeOfUse: 'Ease of use online', competence: 'Competence', attitude: 'Attitude' } as Record<string, string>, sameAsOverall: 'Same as overall',
    comment: 'Comments', commentHint: 'If you are dissatisfied, say why: it will be put right and you will be called back', submit: 'Submit', chooseLevel: 'Choose an overall rating', whyBad: 'Say what was wrong, so it can be put right',
    done: 'Thank you for your rating!', badDone: 'Thank you. It has been passed on to be put right; you will be called back within 15 working days.', link: 'Rate this service',
  },
  agency: {
    title: 'Enterprise agency: progress', number: 'Package number', numberHint: 'e.g. DB-2026-000001', code: 'Query code', codeHint: 'The 8-character query code you were given when the package was opened', find: 'Find', agent: 'Agent',
    progress: '{{done}} of {{total}} done', blocked: 'Held up by:', due: 'promised by {{date}}', complain: 'Not satisfied with the agency?', text: 'Your complaint', name: 'Contact', phone: 'Phone',
    submit: 'Send', filed: 'Received: the agent and the centre\'s head will answer you soon.',
  },
  results: {
    title: 'Service ratings this month', by: 'By', dims: { department: 'Department', window: 'Window', staff: 'Staff member', item: 'Item' } as Record<string, string>, none: 'No ratings this month yet.',
    line: '{{total}} ratings, {{rate}}% satisfied, {{bad}} bad ({{rectified}} put right)',
  },
  complain: {
    figuresLink: 'See the published figures', title: 'Report a problem', signInFirst: 'Sign in with your mobile first.', category: 'Kind of problem', village: 'Village / community', address: 'Address', description: 'What is wrong',
    descriptionHint: 'When, where, and what', name: 'Name (optional)', phone: 'Mobile', phoneHint: 'The one you signed in with; you will be called back',
    locate: 'Add where I am now (optional)', relocate: 'Locate again', located: 'Located: {{latitude}}, {{longitude}}', clearLocation: 'Remove the location', noLocation: 'Your position is not available; give the address', 
    photos: 'Photos of the place (optional, up to 9)', photosHint: 'They help the department check; photos only (JPG, PNG)', photoAlt: 'Photo {{n}}', removePhoto: 'Remove photo {{n}}', uploading: 'Uploading photo…',
    submit: 'Send', filed: 'Received ({{number}}): the 12345 centre passes it to the department concerned.', mine: 'My reports', none: 'You have not reported anything yet.', reply: 'Reply',
    rate: 'Are you satisfied with the result?', satisfaction: { satisfied: 'Satisfied', basicallySatisfied: 'Basically satisfied', dissatisfied: 'Dissatisfied' } as Record<string, string>,
  },
  figures: {
    title: 'How complaints were handled', from: 'From', to: 'To', department: 'Lead department', category: 'Category', none: 'No complaints this year yet.',
    line: '{{received}} received, {{settled}} settled, {{onTime}}% on time, {{satisfied}}% satisfied at callback, {{repeated}} repeated',
  },
  guide: {
    title: 'Service guide', search: 'What do you need to do?', searchHint: 'A word of the service, its conditions or its documents, e.g. residence certificate', find: 'Find', none: 'Nothing found; try other words.', notFound: 'No such service.',
    mode: { onTheSpot: 'on the spot', promised: 'by a promised date', agency: 'done for you', forwarded: 'forwarded upward' },
    code: 'Code', version: 'version {{n}}', limits: 'Time limit', limitText: '{{promised}} {{unit}} promised ({{statutory}} by law)', unit: { working: 'working days', calendar: 'days' },
    visits: 'Visits needed', place: 'Where', hours: 'When', phones: 'Enquiries / complaints', conditions: 'Who can apply', materials: 'Documents to bring', copies: '{{n}} copies',
    original: 'original', copy: 'copy', electronic: 'electronic accepted', optional: 'optional', later: 'may follow later', steps: 'Steps', notCounted: 'not counted in the limit',
    fees: 'Fees', free: 'Free of charge', yuan: 'yuan', basis: 'Legal basis',
  },
  care: {
    title: 'Contact card and opinion form for veterans and their families', card: 'Contact card', cardHint: 'Working away from home? Call these numbers when something comes up at home, or leave a message below.', opinion: 'Opinion form',
    name: 'Name', phone: 'Mobile number', home: 'Home village or community', choose: 'Choose', text: 'Your opinion or what you need', textHint: 'Certificates, care for elderly parents at home, pensions …',
    submit: 'Send', filed: 'Received: your village and the township civil-affairs office will contact you.',
  },
  notices: {
    title: 'Minimum living allowance: public notice', intro: 'These households were investigated, reviewed by their community and by the township, and are to be enrolled. Names are partly hidden to protect privacy.',
    none: 'No household is on notice now.', members: 'Household size', persons: '{{n}} persons', amount: 'Proposed allowance', yuan: '{{v}} yuan a month', period: 'Notice period', phone: 'Phone for comments',
    object: 'Object to this household', text: 'Your objection', textHint: 'State what you know and why; it will be checked again', name: 'Your name', contact: 'Your phone', optional: 'Optional; leave a phone number to hear back',
    submit: 'Send the objection', filed: 'Your objection was received; the household will be investigated again before any approval.',
  },
  apply: {
    title: 'Apply for the minimum living allowance', signInFirst: 'Sign in with your mobile number first.', programme: 'Programme', programmes: { urbanMinimumAllowance: 'Urban minimum living allowance', ruralMinimumAllowance: 'Rural minimum living allowance' },
    idNumber: 'Applicant\'s ID number', idHint: 'The applicant herself or an adult of her household may apply, signed in with the mobile registered for them', reason: 'Your household\'s hardship', reasonHint: 'Who lives in the household, what income it has, and why it is in difficulty',
    bankName: 'Bank', account: 'Account number', accountHint: 'For the monthly payment; it can also be given when your application is taken up. Nothing is paid until staff have checked it against your own bank card or passbook', optional: 'Optional',
    privacy: 'Your ID number and account are used only to review and pay; they are never published.', submit: 'Apply', filed: 'Your application was sent. A community worker will contact you to arrange a home visit; if you gave an account, have the applicant\'s own bank card or passbook ready to be checked.',
    mine: 'My applications', noneYet: 'No application yet.', status: { submitted: 'waiting to be taken up' },
  },
  step: {
    open: 'Received', accept: 'Accepted', refuse: 'Refused', requestMaterials: 'Missing materials requested', supplyMaterials: 'Materials supplied', review: 'Reviewed',
    requestExtension: 'Extension requested', approveExtension: 'Extension approved', decide: 'Decided', close: 'Completed', transfer: 'Transferred', setAssisting: 'Assisting departments set', assign: 'Assigned', supervise: 'Supervised',
    investigate: 'Home visit', communityReview: 'Community review', townshipReview: 'Township review', startNotice: 'Public notice', reopenInvestigation: 'Investigated again', approve: 'Approved and enrolled', reject: 'Not approved',
  },
  status: {
    received: 'received', accepted: 'accepted', awaitingMaterials: 'awaiting materials', reviewed: 'reviewed', decided: 'decided', closed: 'closed', refused: 'refused',
    applied: 'applied', investigated: 'investigated', communityReviewed: 'reviewed by the community', townshipReviewed: 'reviewed by the township', onNotice: 'on public notice', enrolled: 'enrolled', rejected: 'not approved',
  },
  error: { generic: 'Something went wrong; please try again later.', required: 'Please enter {{field}}' },
};
