-- Roster lists at 100,000 people: the level's rank is stored (ORDER BY can then use an index
-- instead of a CASE), and two covering indexes hold every filter column, one in the default
-- order (部室, level, id) and one in name order, so a filtered count or a deep page reads an
-- index only and fetches full rows for the 50 shown. Sorting by age or level has a narrow index.
ALTER TABLE people ADD COLUMN level_rank BIGINT NOT NULL DEFAULT 7;
UPDATE people SET level_rank = CASE level WHEN '正处级' THEN 1 WHEN '副处级' THEN 2 WHEN '正科级' THEN 3
    WHEN '副科级' THEN 4 WHEN '科员' THEN 5 WHEN '办事员' THEN 6 ELSE 7 END;
DROP INDEX people_birth;
DROP INDEX people_status_unit;
CREATE INDEX people_roster_unit ON people(status, unit_id, level_rank, id, level, establishment, political_status,
    edu_highest, sex, birth_date, name);
CREATE INDEX people_roster_name ON people(status, name_pinyin, id, unit_id, level, establishment, political_status,
    edu_highest, sex, birth_date, name);
CREATE INDEX people_roster_birth ON people(status, birth_date, id, unit_id, level, establishment, political_status,
    edu_highest, sex);
CREATE INDEX people_roster_level ON people(status, level_rank, id);
