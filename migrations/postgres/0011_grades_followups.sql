-- 年度考核 grades and 学以致用 follow-ups.

-- Each person's grade for a year, in the 部室 it was given in (the 优秀 cap is the 部室's).
-- grade: 优秀 称职 基本称职 不称职 / 优秀 合格 基本合格 不合格 / 不定等次 (试用期).
CREATE TABLE annual_grades (
    person_id   BIGINT NOT NULL REFERENCES people(id),
    year        BIGINT NOT NULL,
    grade       TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    dept_id     BIGINT NOT NULL REFERENCES org_units(id),
    entered_by  TEXT NOT NULL,
    entered_at  BIGINT NOT NULL,
    PRIMARY KEY (person_id, year)
);
CREATE INDEX annual_grades_dept ON annual_grades(year, dept_id);

-- 部室 allowed the higher 优秀 share for a year (经批准), with the approval's number or note.
CREATE TABLE excellent_approvals (
    year        BIGINT NOT NULL,
    dept_id     BIGINT NOT NULL REFERENCES org_units(id),
    note        TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    approved_at BIGINT NOT NULL,
    PRIMARY KEY (year, dept_id)
);

-- Sessions asking their attendees, `days` after the end, what they applied.
CREATE TABLE followup_sessions (
    session_id  BIGINT PRIMARY KEY REFERENCES lecture_sessions(id),
    days        BIGINT NOT NULL CHECK (days BETWEEN 1 AND 365),
    marked_by   TEXT NOT NULL,
    marked_at   BIGINT NOT NULL
);

-- An attendee's note; review: '' (waiting), 'confirmed' or 'commented' by the 部室 leader.
CREATE TABLE followups (
    session_id      BIGINT NOT NULL REFERENCES lecture_sessions(id),
    person_id       BIGINT NOT NULL REFERENCES people(id),
    note            TEXT NOT NULL,
    written_at      BIGINT NOT NULL,
    review          TEXT NOT NULL DEFAULT '',
    review_comment  TEXT NOT NULL DEFAULT '',
    reviewed_by     TEXT,
    reviewed_at     BIGINT,
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX followups_person ON followups(person_id);
CREATE INDEX followups_review ON followups(review, written_at);
