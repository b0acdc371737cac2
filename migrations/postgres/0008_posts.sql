-- Posts and appointments: the post catalogue per 部室 (岗位设置), who holds which post now,
-- every appointment ever recorded (the history is appended to, never rewritten), probations,
-- first-appointment campaigns (首聘 / 平岗定位), promotions with their 任前公示, and the editable
-- parts of the 干部任免审批表. Dates are ISO text; times Unix milliseconds.

CREATE TABLE posts (
    id            BIGSERIAL PRIMARY KEY,
    unit_id       BIGINT NOT NULL REFERENCES org_units(id),
    name          TEXT NOT NULL,
    -- 管理岗位 / 专业技术岗位 / 工勤技能岗位, and the grade within it ('七级', '技术工三级')
    category      TEXT NOT NULL,
    grade         TEXT NOT NULL,
    -- '' for other posts; otherwise the 职数 level the post uses (正处级 … 副科级)
    leader_level  TEXT NOT NULL DEFAULT '',
    seats         BIGINT NOT NULL CHECK (seats >= 0),
    -- main holders now; kept in the same transaction as post_holders (the vacancy view reads it)
    filled        BIGINT NOT NULL DEFAULT 0,
    duties        TEXT NOT NULL DEFAULT '',
    sort_order    BIGINT NOT NULL DEFAULT 0,
    closed        BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (unit_id, name)
);
CREATE INDEX posts_unit ON posts(unit_id, closed, sort_order, id);

-- Leadership posts held now per (部室, level): the 职数 in use, kept like posts.filled.
CREATE TABLE unit_leaders_used (
    unit_id   BIGINT NOT NULL REFERENCES org_units(id),
    level     TEXT NOT NULL,
    used      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, level)
);

CREATE TABLE appointments (
    id              BIGSERIAL PRIMARY KEY,
    person_id       BIGINT NOT NULL REFERENCES people(id),
    -- 首聘 平岗定位 提任 转任 调任 免职 退休 转正 回原级
    kind            TEXT NOT NULL,
    effective_date  TEXT NOT NULL,
    doc_no          TEXT NOT NULL DEFAULT '',
    decided_by      TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    -- the post taken (NULL for removals and for records typed on the person form)
    post_id         BIGINT REFERENCES posts(id),
    part_time       BIGINT NOT NULL DEFAULT 0,
    -- what the person held after this record (snapshots: posts may be renamed later)
    unit_id         BIGINT REFERENCES org_units(id),
    unit_name       TEXT NOT NULL DEFAULT '',
    position        TEXT NOT NULL DEFAULT '',
    level           TEXT NOT NULL DEFAULT '',
    -- and before it, so 回原级 knows where to return
    prev_post_id    BIGINT,
    prev_unit_id    BIGINT,
    prev_position   TEXT NOT NULL DEFAULT '',
    prev_level      TEXT NOT NULL DEFAULT '',
    campaign_id     BIGINT,
    promotion_id    BIGINT,
    -- an admin's written reason for exceeding seats or 职数 (empty otherwise)
    override_reason TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    created_by      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX appointments_person ON appointments(person_id, effective_date, id);
CREATE INDEX appointments_campaign ON appointments(campaign_id);

CREATE TABLE post_holders (
    person_id       BIGINT NOT NULL REFERENCES people(id),
    post_id         BIGINT NOT NULL REFERENCES posts(id),
    main            BIGINT NOT NULL DEFAULT 1,
    since           TEXT NOT NULL,
    appointment_id  BIGINT NOT NULL,
    PRIMARY KEY (person_id, post_id)
);
-- One main post per person, guarded by the database.
CREATE UNIQUE INDEX post_holders_main ON post_holders(person_id) WHERE main = 1;
CREATE INDEX post_holders_post ON post_holders(post_id, main);

-- 试用期 started by a 提任; closed by 转正 or 回原级 (each an appointment record).
CREATE TABLE probations (
    appointment_id  BIGINT PRIMARY KEY,
    person_id       BIGINT NOT NULL REFERENCES people(id),
    starts          TEXT NOT NULL,
    ends            TEXT NOT NULL,
    -- 试用中 / 已转正 / 已回原级
    status          TEXT NOT NULL DEFAULT '试用中',
    closed_by       BIGINT
);
CREATE INDEX probations_open ON probations(status, ends, person_id);
CREATE INDEX probations_person ON probations(person_id);

CREATE TABLE post_campaigns (
    id              BIGSERIAL PRIMARY KEY,
    name            TEXT NOT NULL,
    -- 首聘 / 平岗定位
    kind            TEXT NOT NULL,
    doc_no          TEXT NOT NULL DEFAULT '',
    decided_by      TEXT NOT NULL DEFAULT '',
    effective_date  TEXT NOT NULL,
    notes           TEXT NOT NULL DEFAULT '',
    -- 草稿 / 已提交
    status          TEXT NOT NULL DEFAULT '草稿',
    created_at      BIGINT NOT NULL,
    created_by      TEXT NOT NULL DEFAULT '',
    updated_at      BIGINT NOT NULL,
    committed_at    BIGINT
);

CREATE TABLE post_campaign_items (
    campaign_id  BIGINT NOT NULL REFERENCES post_campaigns(id),
    person_id    BIGINT NOT NULL REFERENCES people(id),
    post_id      BIGINT REFERENCES posts(id),
    PRIMARY KEY (campaign_id, person_id)
);

CREATE TABLE promotions (
    id              BIGSERIAL PRIMARY KEY,
    person_id       BIGINT NOT NULL REFERENCES people(id),
    post_id         BIGINT NOT NULL REFERENCES posts(id),
    to_level        TEXT NOT NULL,
    decided_by      TEXT NOT NULL DEFAULT '',
    decision_date   TEXT NOT NULL,
    notice_start    TEXT NOT NULL,
    notice_end      TEXT NOT NULL,
    notice_days     BIGINT NOT NULL,
    -- 公示中 / 已任职 / 已终止
    status          TEXT NOT NULL DEFAULT '公示中',
    reason          TEXT NOT NULL DEFAULT '',
    appointment_id  BIGINT,
    created_at      BIGINT NOT NULL,
    created_by      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX promotions_status ON promotions(status, notice_end);

CREATE TABLE promotion_objections (
    id            BIGSERIAL PRIMARY KEY,
    promotion_id  BIGINT NOT NULL REFERENCES promotions(id),
    received      TEXT NOT NULL,
    text          TEXT NOT NULL,
    outcome       TEXT NOT NULL DEFAULT '',
    recorded_at   BIGINT NOT NULL,
    recorded_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX promotion_objections_promotion ON promotion_objections(promotion_id);

-- The 干部任免审批表's parts that are not in the cadre record (one row per person, HR-edited).
CREATE TABLE cadre_forms (
    person_id         BIGINT PRIMARY KEY REFERENCES people(id),
    proposed_post     TEXT NOT NULL DEFAULT '',
    proposed_removal  TEXT NOT NULL DEFAULT '',
    resume            TEXT NOT NULL DEFAULT '',
    rewards           TEXT NOT NULL DEFAULT '',
    assessments       TEXT NOT NULL DEFAULT '',
    reasons           TEXT NOT NULL DEFAULT '',
    -- JSON list of {relation, name, birth, political, work}
    family            TEXT NOT NULL DEFAULT '[]',
    health            TEXT NOT NULL DEFAULT '',
    updated_at        BIGINT NOT NULL,
    updated_by        TEXT NOT NULL DEFAULT ''
);
