-- Person search reads the name order (see person-search.repository.ts): within one division for a
-- restricted actor, over the whole table for a wide scope. The division column rides along so a
-- wide scope's jurisdiction check needs no heap visit. The first index also serves every lookup
-- by division alone, so the single-column one goes.
CREATE INDEX persons_division_name_idx ON persons (division_code, name, id);
CREATE INDEX persons_name_idx ON persons (name, id) INCLUDE (division_code);
DROP INDEX persons_division_idx;
