import type { MatrixContext, MatrixRow } from './permission-matrix.assistance.ts';
import { complaintsOutsideRows } from './permission-matrix.complaints.ts';
import { queueOutsideRows } from './permission-matrix.queue.ts';

/** Rows probing routes on one record with a real record outside the caller's jurisdiction, one file per area (issue 15). */
export function outsideMatrixRows(ctx: MatrixContext): MatrixRow[] {
  return [...complaintsOutsideRows(ctx), ...queueOutsideRows(ctx)];
}
