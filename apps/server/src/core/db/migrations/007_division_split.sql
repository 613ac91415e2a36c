-- Splitting a division (分设): a new division beside the old one takes over some of its children.

ALTER TABLE divisions ADD COLUMN split_from text REFERENCES divisions(code);
COMMENT ON COLUMN divisions.split_from IS 'the division this one was split from (分设), with valid_from the day it took effect';
