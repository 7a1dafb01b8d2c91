-- 063_enterprise_library.sql - the library's enterprises by county, for a bureau's list of
-- the library year (GET /review/library, lib/libyear.c) and its reminders. The list read
-- every enterprise of the bureau's region to find the few in the library (with 100,000
-- enterprises, 0.2 s for the province's 137 library members); it now starts from this
-- index and from the year's removals.

CREATE INDEX enterprise_library ON enterprise (in_library, region_code);
