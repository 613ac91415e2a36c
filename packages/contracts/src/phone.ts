/** An 11-digit mainland mobile number (the portal's sign-in, SMS, contact phones). */
export const isMobile = (value: string) => /^1[3-9]\d{9}$/.test(value);

/** A number a person can be called on: a mobile, or a landline with its area code (0359-1234567). */
export const isPhone = (value: string) => isMobile(value) || /^0\d{2,3}-?\d{7,8}$/.test(value);
