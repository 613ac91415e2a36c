/**
 * Every refusal the product makes, in one shape: HTTP status, a stable code, a Chinese and an
 * English message, and the field it concerns. The HTTP layer turns it into problem+json (RFC 9457).
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly field?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(messageEn);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, zh: string, id?: string) =>
  new AppError(404, 'not_found', `${zh}不存在`, `${what} not found`, undefined, id ? { id } : {});

export const forbidden = (permission: string) =>
  new AppError(
    403,
    'forbidden',
    `无权执行此操作（需要权限 ${permission}）`,
    `Not allowed (needs permission ${permission})`,
    undefined,
    { permission },
  );

export const badInput = (field: string, zh: string, en: string, code = 'invalid_field') =>
  new AppError(400, code, zh, en, field);

export const conflict = (code: string, zh: string, en: string, extra: Record<string, unknown> = {}) =>
  new AppError(409, code, zh, en, undefined, extra);

/** PostgreSQL refused a duplicate (23505): two requests raced for the same unique row. */
export const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';
