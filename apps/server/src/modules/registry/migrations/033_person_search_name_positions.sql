-- Person search by one or two Han characters (see person-search.repository.ts). A name holds the
-- fragment at its first character (persons_name_idx, in name order), its second or its third (the
-- two indexes below: for one key character their rows come in name order, so a LIMIT stops the walk
-- at the page, and the division rides along so a jurisdiction is checked without a heap visit), or
-- further on, or the fragment is in an address. Only those last few go through a GIN index, which
-- now leaves out the name's second and third characters: migration 031's held them too, and for a
-- common given-name character ("英", a hundredth of the county) it returned every bearer unordered,
-- to be read and sorted before the first page.
CREATE INDEX persons_name_second_idx ON persons ((substr(name, 2, 1)), name, id) INCLUDE (division_code);
CREATE INDEX persons_name_third_idx ON persons ((substr(name, 3, 1)), name, id) INCLUDE (division_code);
-- the registered address too: the search's text holds it, so a fragment found only there is found here
CREATE INDEX persons_search_elsewhere_idx ON persons USING gin (
  string_to_array(substr(name, 4) || coalesce(residence_address, '') || coalesce(registered_address, ''), NULL)
);
DROP INDEX persons_search_rest_idx;
