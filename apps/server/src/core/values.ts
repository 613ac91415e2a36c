import { isMobile, isPhone } from '@grassroots/contracts';
import { badInput } from './errors.ts';

// One of each value check the server applies to input (the predicates themselves live in
// @grassroots/contracts, shared with the web, so a form and the API refuse the same things):
// ID numbers (parseIdNumber), phones, dates (CalendarDate), money (Fen, yuanOf, fenOf), masks.
export {
  Fen,
  fenOf,
  isMobile,
  isPhone,
  maskAccount,
  maskIdNumber,
  maskName,
  maskPhone,
  parseIdNumber,
  yuanOf,
} from '@grassroots/contracts';

/** A mobile number given as a contact, optional; refused when malformed. */
export function checkedMobile(raw: string | undefined, field = 'phone'): string | undefined {
  const phone = raw?.trim() || undefined;
  if (phone && !isMobile(phone)) throw badInput(field, '手机号码格式不正确', 'Not a mobile number', 'invalid_phone');
  return phone;
}

/** A phone number (mobile or landline with area code), optional; refused when malformed. */
export function checkedPhone(raw: string | undefined, field = 'phone'): string | undefined {
  const phone = raw?.trim() || undefined;
  if (phone && !isPhone(phone)) throw badInput(field, '电话号码格式不正确', 'Invalid phone number', 'invalid_phone');
  return phone;
}

/** A mobile number that must be given (a booking, a complaint's caller): trimmed, or refused. */
export function requiredMobile(raw: string, field = 'phone'): string {
  const phone = raw.trim();
  if (!isMobile(phone)) throw badInput(field, '请输入11位手机号码', 'Give an 11-digit mobile number');
  return phone;
}
