-- replaces: 024_query_codes_open311.sql
-- Open311 publishes only the matters of categories marked public; split out of 024_query_codes_open311.sql.

ALTER TABLE complaint_categories ADD COLUMN public boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN complaint_categories.public IS 'matters of this category are published on Open311 (category summary, coarse position); false: internal only';
-- the demo's public categories: roads and street lights, heating, water and power supply
UPDATE complaint_categories SET public = true WHERE code IN ('municipal', 'property.utilities.heating', 'property.utilities.water', 'property.utilities.power');
