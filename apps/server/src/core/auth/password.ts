import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors.ts';

/** Length ≥ 10 and at least three of: lower case, upper case, digits, symbols. */
export function checkPasswordPolicy(password: string, field = 'password'): void {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < 10 || classes < 3) {
    throw new AppError(
      400,
      'weak_password',
      '密码至少10位，并包含大写字母、小写字母、数字、符号中的三类',
      'Password needs at least 10 characters and three of: upper case, lower case, digits, symbols',
      field,
    );
  }
}

export const hashPassword = (password: string) => hash(password);
export const verifyPassword = (passwordHash: string, password: string) => verify(passwordHash, password);
