-- 学时 from outside the platform's sessions, and 考核成绩. Dates are ISO text (China time); times
-- Unix milliseconds; 学时 in tenths.

-- Training elsewhere (party school, bureau courses): submitted by the employee, approved or
-- rejected by HR. Only approved lines count in the ledger.
CREATE TABLE training_external (
    id            INTEGER PRIMARY KEY,
    person_id     BIGINT NOT NULL REFERENCES people(id),
    organiser     TEXT NOT NULL,
    title         TEXT NOT NULL,
    start_date    TEXT NOT NULL,
    end_date      TEXT NOT NULL,
    hours_tenths  BIGINT NOT NULL CHECK (hours_tenths > 0),
    note          TEXT NOT NULL DEFAULT '',
    -- pending / approved / rejected / withdrawn
    status        TEXT NOT NULL DEFAULT 'pending',
    decided_by    TEXT,
    decided_at    BIGINT,
    decision_note TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL
);
CREATE INDEX training_external_person ON training_external(person_id, end_date);
CREATE INDEX training_external_status ON training_external(status, id);

-- 网络学习: one line per person and day (entered by HR or imported from the platform's export).
CREATE TABLE training_online (
    id            INTEGER PRIMARY KEY,
    person_id     BIGINT NOT NULL REFERENCES people(id),
    learned_on    TEXT NOT NULL,
    hours_tenths  BIGINT NOT NULL CHECK (hours_tenths > 0),
    platform      TEXT NOT NULL DEFAULT '',
    entered_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX training_online_person ON training_online(person_id, learned_on);
CREATE INDEX training_online_day ON training_online(learned_on);

-- An assessment (exam, paper, practical) of a session or of a whole series, with its scale as
-- JSON (domain::assessment::Scale).
CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    session_id  BIGINT REFERENCES lecture_sessions(id),
    series_id   BIGINT REFERENCES lecture_series(id),
    held_on     TEXT NOT NULL,
    scale       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX assessments_held ON assessments(held_on);

-- A person's score: as entered and checked ("86.5", "良好") and, on a points scale, the points in
-- hundredths (NULL for grades).
CREATE TABLE assessment_scores (
    assessment_id BIGINT NOT NULL REFERENCES assessments(id),
    person_id     BIGINT NOT NULL REFERENCES people(id),
    score         TEXT NOT NULL,
    points_hundredths BIGINT,
    passed        BIGINT NOT NULL,
    entered_by    TEXT NOT NULL,
    entered_at    BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, person_id)
);
CREATE INDEX assessment_scores_person ON assessment_scores(person_id);
