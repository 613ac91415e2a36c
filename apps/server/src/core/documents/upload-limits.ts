import { AppError } from '../errors.ts';

/**
 * How much an uploaded table may weigh, packed and unpacked. An XLSX is a ZIP archive: a few kilobytes
 * can unpack to gigabytes (an "archive bomb"), so its directory is read and checked before a byte of
 * it is parsed (see zip-guard.ts).
 */
export interface UploadLimits {
  /** bytes of the file as uploaded (GRASSROOTS_MAX_UPLOAD_MB) */
  maxUploadBytes: number;
  /** bytes all entries of an XLSX unpack to together (GRASSROOTS_MAX_UNPACKED_MB) */
  maxUnpackedBytes: number;
  /** entries of an XLSX: a sheet has a dozen; thousands only serve to exhaust the parser */
  maxEntries: number;
  /** unpacked ÷ packed size of a large entry: real sheets stay under ~30, a bomb reaches ~1000 */
  maxRatio: number;
}

const MB = 1024 * 1024;

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxUploadBytes: 256 * MB,
  maxUnpackedBytes: 1024 * MB,
  maxEntries: 1000,
  maxRatio: 100,
};

/** The limits a deployment configured; read per request, so a changed setting needs no new route. */
export function uploadLimits(
  config: { GRASSROOTS_MAX_UPLOAD_MB: number; GRASSROOTS_MAX_UNPACKED_MB: number },
  capBytes = Infinity,
): UploadLimits {
  return {
    ...DEFAULT_UPLOAD_LIMITS,
    maxUploadBytes: Math.min(capBytes, config.GRASSROOTS_MAX_UPLOAD_MB * MB),
    maxUnpackedBytes: config.GRASSROOTS_MAX_UNPACKED_MB * MB,
  };
}

const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

export const fileTooLarge = (limits: UploadLimits) =>
  new AppError(
    413,
    'file_too_large',
    `文件超过 ${mb(limits.maxUploadBytes)} MB 的上限，未导入任何内容；请拆分后分批导入`,
    `The file is larger than ${mb(limits.maxUploadBytes)} MB; nothing was imported. Split it and import the parts`,
    'file',
    { maxMb: mb(limits.maxUploadBytes) },
  );

/** A multipart file read whole (a small table: a catalogue, a bank's return file), its size limit answered as 413 problem+json. */
export async function uploadedBytes(file: { toBuffer(): Promise<Buffer> }, limits: UploadLimits): Promise<Buffer> {
  try {
    return await file.toBuffer();
  } catch (err) {
    if (isTooLarge(err)) throw fileTooLarge(limits);
    throw err;
  }
}

/** @fastify/multipart's own "file too large" error. */
export const isTooLarge = (err: unknown) => (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';

/** A file the operator names on the command line is not an upload: any size, but the archive checks still apply. */
export function localFileLimits(config: {
  GRASSROOTS_MAX_UPLOAD_MB: number;
  GRASSROOTS_MAX_UNPACKED_MB: number;
}): UploadLimits {
  return { ...uploadLimits(config), maxUploadBytes: Number.POSITIVE_INFINITY };
}
