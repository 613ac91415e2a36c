import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../core/errors.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** Every error leaves as RFC 9457 problem+json with a stable code, Chinese and English messages and the field. */
export function problemHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  let status = 500;
  let body: Record<string, unknown>;
  if (error instanceof AppError) {
    status = error.status;
    body = {
      code: error.code,
      message: error.messageZh,
      messageEn: error.messageEn,
      ...(error.field ? { field: error.field } : {}),
      ...error.extra,
    };
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    status = 400;
    const errors = error.validation.map((v) => {
      const field = `${(error as FastifyError).validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`;
      // the contracts write their messages as "中文 / English": each language gets its half
      const [zh, en = zh] = (v.message ?? '').split(' / ', 2);
      return { field, message: `字段 ${field} 不正确：${zh}`, messageEn: `${field}: ${en}` };
    });
    body = {
      code: 'validation_failed',
      message: errors[0]!.message,
      messageEn: errors[0]!.messageEn,
      field: errors[0]!.field,
      errors,
    };
  } else if ((error as FastifyError).statusCode && (error as FastifyError).statusCode! < 500) {
    status = (error as FastifyError).statusCode!;
    const code =
      { 413: 'body_too_large', 415: 'unsupported_media_type', 429: 'rate_limited' }[status] ??
      (error as FastifyError).code ??
      'bad_request';
    const zh =
      status === 413
        ? '请求内容过大'
        : status === 429
          ? '请求过于频繁，请稍后再试'
          : status === 415
            ? '不支持的内容类型'
            : '请求不正确';
    body = { code: code.toLowerCase(), message: zh, messageEn: error.message };
  } else {
    request.log.error({ err: error }, 'unhandled error');
    body = { code: 'internal_error', message: '服务器内部错误，请稍后再试', messageEn: 'Internal server error' };
  }
  // a limit that says when it ends (RFC 9110 Retry-After), e.g. the portal's failed look-ups
  if (typeof body.retryAfterSeconds === 'number') reply.header('retry-after', String(body.retryAfterSeconds));
  return reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `https://grassroots.invalid/problems/${String(body.code)}`,
      title: TITLES[status] ?? 'Error',
      ...body,
      status,
    });
}
