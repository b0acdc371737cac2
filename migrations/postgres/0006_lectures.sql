-- Lectures: the holiday calendar (shared with posts), rooms, topic categories, recurring series
-- and their sessions, lecturers, audiences, enrolment with a waiting list, leave, attendance,
-- in-app notices and personal calendar feeds. Times are Unix milliseconds (UTC); dates ISO text.

-- One row per year that has a calendar; the dates are ISO dates joined by commas.
CREATE TABLE holiday_years (
    year        BIGINT PRIMARY KEY,
    holidays    TEXT NOT NULL,
    workdays    TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    updated_by  TEXT NOT NULL
);

CREATE TABLE lecture_categories (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    sort_order  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO lecture_categories (name, sort_order) VALUES
    ('政策理论', 1), ('职业技能', 2), ('服务管理', 3), ('公文写作', 4), ('党性教育', 5), ('安全生产', 6);

CREATE TABLE lecture_rooms (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    capacity    BIGINT NOT NULL CHECK (capacity > 0),
    location    TEXT NOT NULL DEFAULT '',
    active      BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE lecture_series (
    id              BIGSERIAL PRIMARY KEY,
    name            TEXT NOT NULL,
    -- 大讲堂, 小课堂, 专题培训, 其他
    kind            TEXT NOT NULL,
    category_id     BIGINT NOT NULL REFERENCES lecture_categories(id),
    room_id         BIGINT REFERENCES lecture_rooms(id),
    -- HH:MM China time
    start_time      TEXT NOT NULL,
    duration_min    BIGINT NOT NULL,
    -- domain::recurrence::Recurrence as JSON
    recurrence      TEXT NOT NULL,
    -- domain::lectures::Audience as JSON
    audience        TEXT NOT NULL,
    open_enrolment  BIGINT NOT NULL DEFAULT 0,
    capacity        BIGINT,
    -- a secret for the series' calendar feed
    feed_token      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

CREATE TABLE lecture_sessions (
    id              BIGSERIAL PRIMARY KEY,
    series_id       BIGINT REFERENCES lecture_series(id),
    -- the date the series' pattern gave (one session per series and nominal date)
    nominal_date    TEXT,
    title           TEXT NOT NULL,
    -- 大讲堂, 小课堂, 专题培训, 其他 (the series' kind, or chosen for a one-off session)
    kind            TEXT NOT NULL DEFAULT '其他',
    category_id     BIGINT NOT NULL REFERENCES lecture_categories(id),
    room_id         BIGINT REFERENCES lecture_rooms(id),
    starts_at       BIGINT NOT NULL,
    ends_at         BIGINT NOT NULL,
    -- 学时 in tenths
    hours_tenths    BIGINT NOT NULL,
    materials_md    TEXT NOT NULL DEFAULT '',
    summary_md      TEXT NOT NULL DEFAULT '',
    capacity        BIGINT,
    enrol_deadline  BIGINT,
    open_enrolment  BIGINT NOT NULL DEFAULT 0,
    audience        TEXT NOT NULL,
    -- 'scheduled', 'cancelled'
    status          TEXT NOT NULL DEFAULT 'scheduled',
    -- 1: edited by hand, so changing the series leaves it alone
    detached        BIGINT NOT NULL DEFAULT 0,
    moved           BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (series_id, nominal_date)
);
CREATE INDEX lecture_sessions_starts ON lecture_sessions(starts_at);
CREATE INDEX lecture_sessions_room ON lecture_sessions(room_id, starts_at);

CREATE TABLE lecture_lecturers (
    id              BIGSERIAL PRIMARY KEY,
    session_id      BIGINT NOT NULL REFERENCES lecture_sessions(id),
    person_id       BIGINT REFERENCES people(id),
    external_name   TEXT NOT NULL DEFAULT '',
    external_org    TEXT NOT NULL DEFAULT '',
    external_title  TEXT NOT NULL DEFAULT '',
    sort_order      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX lecture_lecturers_session ON lecture_lecturers(session_id);
CREATE INDEX lecture_lecturers_person ON lecture_lecturers(person_id);

CREATE TABLE lecture_enrolments (
    session_id  BIGINT NOT NULL REFERENCES lecture_sessions(id),
    person_id   BIGINT NOT NULL REFERENCES people(id),
    -- 'enrolled', 'waiting', 'cancelled'
    status      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX lecture_enrolments_person ON lecture_enrolments(person_id, session_id);

CREATE TABLE lecture_leaves (
    id          BIGSERIAL PRIMARY KEY,
    session_id  BIGINT NOT NULL REFERENCES lecture_sessions(id),
    person_id   BIGINT NOT NULL REFERENCES people(id),
    reason      TEXT NOT NULL,
    -- 'pending', 'approved', 'rejected', 'withdrawn'
    status      TEXT NOT NULL DEFAULT 'pending',
    decided_by  TEXT,
    decided_at  BIGINT,
    decision_note TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    UNIQUE (session_id, person_id)
);
CREATE INDEX lecture_leaves_status ON lecture_leaves(status);
CREATE INDEX lecture_leaves_person ON lecture_leaves(person_id);

CREATE TABLE lecture_attendance (
    session_id  BIGINT NOT NULL REFERENCES lecture_sessions(id),
    person_id   BIGINT NOT NULL REFERENCES people(id),
    -- 'present', 'late', 'absent' (marked by hand)
    status      TEXT NOT NULL,
    at          BIGINT NOT NULL,
    -- 'qr', 'manual', 'import'
    method      TEXT NOT NULL,
    marked_by   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX lecture_attendance_person ON lecture_attendance(person_id, session_id);

CREATE TABLE notices (
    id          BIGSERIAL PRIMARY KEY,
    person_id   BIGINT NOT NULL REFERENCES people(id),
    at          BIGINT NOT NULL,
    text        TEXT NOT NULL,
    link        TEXT NOT NULL DEFAULT '',
    read_at     BIGINT
);
CREATE INDEX notices_person ON notices(person_id, id);

-- A person's secret calendar-feed token (hashed); revoking deletes the row.
CREATE TABLE calendar_feeds (
    person_id   BIGINT PRIMARY KEY REFERENCES people(id),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);
