-- Roster: establishment (编制) and leadership-post quotas (领导职数) per unit, and the full
-- cadre record. The ID number is stored encrypted (id_cipher), with a keyed hash for exact
-- search (id_index) and its masked form (id_masked); the plain number is never stored.

ALTER TABLE org_units ADD COLUMN kind TEXT NOT NULL DEFAULT '部室';

CREATE TABLE unit_establishment (
    unit_id   BIGINT NOT NULL REFERENCES org_units(id),
    category  TEXT NOT NULL,
    approved  BIGINT NOT NULL CHECK (approved >= 0),
    PRIMARY KEY (unit_id, category)
);

CREATE TABLE unit_leader_quota (
    unit_id   BIGINT NOT NULL REFERENCES org_units(id),
    level     TEXT NOT NULL,
    approved  BIGINT NOT NULL CHECK (approved >= 0),
    PRIMARY KEY (unit_id, level)
);

ALTER TABLE people ADD COLUMN ethnicity TEXT NOT NULL DEFAULT '汉族';
ALTER TABLE people ADD COLUMN native_place TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN birth_place TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN id_cipher TEXT;
ALTER TABLE people ADD COLUMN id_index TEXT;
ALTER TABLE people ADD COLUMN id_masked TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN political_status TEXT NOT NULL DEFAULT '群众';
ALTER TABLE people ADD COLUMN party_date TEXT;
ALTER TABLE people ADD COLUMN join_unit_date TEXT;
ALTER TABLE people ADD COLUMN edu_full TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN degree_full TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN school_full TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN major_full TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN edu_part TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN degree_part TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN school_part TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN major_part TEXT NOT NULL DEFAULT '';
-- The highest of the two, kept for filtering and statistics.
ALTER TABLE people ADD COLUMN edu_highest TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN establishment TEXT NOT NULL DEFAULT '事业编制';
ALTER TABLE people ADD COLUMN status_date TEXT;
ALTER TABLE people ADD COLUMN civil_rank TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN post_category TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN post_grade TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN position_date TEXT;
ALTER TABLE people ADD COLUMN rank_date TEXT;
ALTER TABLE people ADD COLUMN professional_title TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN remarks TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN name_pinyin TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN name_initials TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;

CREATE UNIQUE INDEX people_id_index ON people(id_index);
CREATE INDEX people_status_unit ON people(status, unit_id);
CREATE INDEX people_pinyin ON people(name_pinyin);
CREATE INDEX people_initials ON people(name_initials);
CREATE INDEX people_birth ON people(birth_date);
CREATE INDEX org_units_path ON org_units(path);
