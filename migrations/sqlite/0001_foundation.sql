-- Foundation: organisation units, people (minimal, extended by the roster), accounts, roles,
-- sessions, login attempts, settings, audit chain. Timestamps are Unix milliseconds (UTC);
-- dates are ISO text (YYYY-MM-DD); flags are 0/1 integers. Keep in step with ../postgres.

CREATE TABLE org_units (
    id          INTEGER PRIMARY KEY,
    parent_id   BIGINT REFERENCES org_units(id),
    name        TEXT NOT NULL,
    code        TEXT NOT NULL UNIQUE,
    -- '/1/4/' : ids from the root down to this unit, for subtree filters
    path        TEXT NOT NULL DEFAULT '',
    sort_order  BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    sex         TEXT NOT NULL CHECK (sex IN ('男', '女')),
    birth_date  TEXT NOT NULL,
    unit_id     BIGINT NOT NULL REFERENCES org_units(id),
    position    TEXT NOT NULL DEFAULT '',
    level       TEXT NOT NULL DEFAULT '科员',
    status      TEXT NOT NULL DEFAULT '在职',
    work_start  TEXT,
    phone       TEXT
);
CREATE INDEX people_unit ON people(unit_id);
CREATE INDEX people_name ON people(name);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    person_id            BIGINT REFERENCES people(id),
    disabled             BIGINT NOT NULL DEFAULT 0,
    must_change_password BIGINT NOT NULL DEFAULT 0,
    locale               TEXT NOT NULL DEFAULT 'zh',
    created_at           BIGINT NOT NULL,
    password_changed_at  BIGINT NOT NULL
);

CREATE TABLE user_roles (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    role        TEXT NOT NULL CHECK (role IN ('admin', 'hr', 'leader', 'employee')),
    -- 0 = the whole organisation, otherwise an org_units id (its subtree)
    unit_id     BIGINT NOT NULL DEFAULT 0,
    UNIQUE (user_id, role, unit_id)
);

CREATE TABLE sessions (
    id             INTEGER PRIMARY KEY,
    token_hash     TEXT NOT NULL UNIQUE,
    user_id        BIGINT NOT NULL REFERENCES users(id),
    created_at     BIGINT NOT NULL,
    last_seen_at   BIGINT NOT NULL,
    idle_timeout_ms BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    persistent     BIGINT NOT NULL DEFAULT 0,
    user_agent     TEXT NOT NULL DEFAULT '',
    ip             TEXT NOT NULL DEFAULT '',
    ended_at       BIGINT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_attempts (
    id        INTEGER PRIMARY KEY,
    username  TEXT NOT NULL,
    ip        TEXT NOT NULL,
    at        BIGINT NOT NULL,
    -- 'fail', 'success', 'lock'
    outcome   TEXT NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts(username, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor_id    BIGINT,
    actor_name  TEXT NOT NULL,
    ip          TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    before_json TEXT NOT NULL,
    after_json  TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

-- One row: the newest record of the chain. Writers lock it, so the chain stays linear with
-- several writers and several instances.
CREATE TABLE audit_head (
    id    BIGINT PRIMARY KEY CHECK (id = 1),
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
