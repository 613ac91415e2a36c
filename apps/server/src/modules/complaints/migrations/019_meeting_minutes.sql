-- The minutes of a four-party joint meeting (联席会议纪要) as a numbered, verifiable document.

ALTER TABLE joint_meetings ADD COLUMN document_id uuid REFERENCES documents(id);
COMMENT ON COLUMN joint_meetings.document_id IS 'the minutes as a document (纪要 PDF); null for meetings recorded before minutes were issued';
