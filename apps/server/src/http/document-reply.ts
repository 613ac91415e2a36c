import type { FastifyReply } from 'fastify';
import type { DocumentService } from '../core/documents/documents.service.ts';

/** A numbered document as its PDF, opened in the browser and saved under its number; the caller has checked the reader may see it. */
export async function sendDocumentPdf(
  reply: FastifyReply,
  documents: DocumentService,
  doc: { id: string; number: string },
) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${doc.number}.pdf"`)
    .send(await documents.pdf(doc.id));
}
