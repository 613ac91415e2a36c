-- Receipts (受理回执, 容缺受理回执) are numbered from PostgreSQL sequences, not from the gap-free
-- `sequences` table (issue 17): the law asks a receipt to be written, sealed and dated (行政许可法
-- art. 32), not to be one of an unbroken series, while a gap-free counter's row stays locked until
-- COMMIT and every acceptance queued behind it. Case numbers and official document numbers (文号,
-- certificates, decisions, notices) stay gap-free. A sequence does not restart each year: the year
-- in a number is the year of issue, and the serial after it only grows, so numbers stay unique.
-- Each starts after the highest serial its kind was ever given, so no earlier number comes back.
CREATE SEQUENCE document_receipt_numbers;
CREATE SEQUENCE document_pending_receipt_numbers;
SELECT setval('document_receipt_numbers',
  COALESCE((SELECT max(last_value) FROM sequences WHERE name = 'document:receipt'), 0) + 1, false);
SELECT setval('document_pending_receipt_numbers',
  COALESCE((SELECT max(last_value) FROM sequences WHERE name = 'document:pendingReceipt'), 0) + 1, false);
