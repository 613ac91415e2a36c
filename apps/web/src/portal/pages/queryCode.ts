/** The receipt's query code as residents type it: any case, a space or a dash between the halves (the server normalises alike). */
export const normaliseQueryCode = (raw: string) => raw.replace(/[\s-]/g, '').toUpperCase();
/** 8 characters from the 31 nobody misreads (no 0, 1, I, L, O); empty is allowed: a signed-in applicant needs none. */
export const queryCodeLooksRight = (raw: string) => !raw.trim() || /^[2-9A-HJKMNP-Z]{8}$/.test(normaliseQueryCode(raw));
