-- 后备干部: four pools by target level, entries moving through stages, 民主推荐 rounds with
-- anonymous ballots, leaders' opinions.

-- Years of grass-roots work (基层工作经历), in months, when recorded (处级 targets need 2 years).
ALTER TABLE people ADD COLUMN grass_roots_months BIGINT;

-- A person in a pool. stage: 推荐 考察 研究决定 公示 已使用 已撤销.
-- source: 组织推荐 部室推荐 民主推荐 个人署名推荐 (recommender: the signer's name).
CREATE TABLE reserve_entries (
    id              INTEGER PRIMARY KEY,
    person_id       BIGINT NOT NULL REFERENCES people(id),
    target          TEXT NOT NULL,
    stage           TEXT NOT NULL,
    source          TEXT NOT NULL,
    recommender     TEXT NOT NULL DEFAULT '',
    recommended_on  TEXT NOT NULL,
    reasons         TEXT NOT NULL DEFAULT '',
    round_id        BIGINT,
    -- 考察
    inspected_on    TEXT,
    inspection_team TEXT NOT NULL DEFAULT '',
    talked_to       BIGINT NOT NULL DEFAULT 0,
    findings        TEXT NOT NULL DEFAULT '',
    conclusion      TEXT NOT NULL DEFAULT '',
    -- 研究决定, and the promotion it created in the posts module
    decided_on      TEXT,
    decision_note   TEXT NOT NULL DEFAULT '',
    promotion_id    BIGINT REFERENCES promotions(id),
    removed_reason  TEXT NOT NULL DEFAULT '',
    stage_since     BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    created_by      TEXT NOT NULL DEFAULT ''
);
-- Once at a time per pool.
CREATE UNIQUE INDEX reserve_entries_open ON reserve_entries(person_id, target) WHERE stage NOT IN ('已使用', '已撤销');
CREATE INDEX reserve_entries_pool ON reserve_entries(target, stage);
CREATE INDEX reserve_entries_promotion ON reserve_entries(promotion_id);

-- Every move, with who, when and why.
CREATE TABLE reserve_moves (
    id          INTEGER PRIMARY KEY,
    entry_id    BIGINT NOT NULL REFERENCES reserve_entries(id),
    from_stage  TEXT NOT NULL DEFAULT '',
    to_stage    TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    at          BIGINT NOT NULL,
    by_name     TEXT NOT NULL
);
CREATE INDEX reserve_moves_entry ON reserve_moves(entry_id, at);

-- A 民主推荐 round. mode: online (ballots on phones) or paper (HR enters the counts).
-- Closes at closes_at (ms) or when HR closes it (closed_at).
CREATE TABLE reserve_rounds (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    target         TEXT NOT NULL,
    seats          BIGINT NOT NULL CHECK (seats >= 1),
    mode           TEXT NOT NULL,
    -- the round is valid when at least min_num/min_den of the group took part
    min_num        BIGINT NOT NULL,
    min_den        BIGINT NOT NULL,
    closes_at      BIGINT NOT NULL,
    closed_at      BIGINT,
    paper_ballots  BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    created_by     TEXT NOT NULL
);

-- The voter group and who took part. Nothing here says what anyone chose.
CREATE TABLE reserve_round_voters (
    round_id   BIGINT NOT NULL REFERENCES reserve_rounds(id),
    person_id  BIGINT NOT NULL REFERENCES people(id),
    voted      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, person_id)
);
CREATE INDEX reserve_round_voters_person ON reserve_round_voters(person_id, round_id);

-- Candidates on the ballot and their counts (online and paper), with no link to any voter.
CREATE TABLE reserve_round_candidates (
    round_id   BIGINT NOT NULL REFERENCES reserve_rounds(id),
    person_id  BIGINT NOT NULL REFERENCES people(id),
    votes      BIGINT NOT NULL DEFAULT 0,
    paper      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, person_id)
);

-- A leader's opinion of a candidate: 同意 不同意 弃权.
CREATE TABLE reserve_opinions (
    entry_id   BIGINT NOT NULL REFERENCES reserve_entries(id),
    user_id    BIGINT NOT NULL REFERENCES users(id),
    opinion    TEXT NOT NULL,
    comment    TEXT NOT NULL DEFAULT '',
    at         BIGINT NOT NULL,
    PRIMARY KEY (entry_id, user_id)
);
