-- Person search by one character (see person-search.repository.ts). Names starting with the
-- character all match and come in name order from persons_name_idx; the other matches hold it
-- after the name's first character or in the residence address (the two texts the search tokens
-- come from). The token index cannot tell these apart: for a common surname ("李") it returns every
-- bearer of the name, a twentieth of the county, to find the few dozen who carry it elsewhere.
-- This index holds each person's characters outside the first one of the name, so those few are
-- found without reading the others.
CREATE INDEX persons_search_rest_idx ON persons USING gin (
  string_to_array(substr(name, 2) || coalesce(residence_address, ''), NULL)
);
