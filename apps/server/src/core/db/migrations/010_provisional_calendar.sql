-- A year whose State Council notice is not out yet runs on a provisional calendar: the statutory
-- holidays of 《全国年节及纪念日放假办法》 (with 补假 for those on a weekend), no make-up working days.
-- The notice, once loaded, replaces it and the open cases' due dates are recomputed.
ALTER TABLE calendar_years ADD COLUMN provisional boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN calendar_years.provisional IS 'true: the statutory holidays only, until the State Council notice for the year is loaded';
