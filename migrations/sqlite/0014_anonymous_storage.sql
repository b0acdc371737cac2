-- Ratings that cannot be paired with their raters, even by someone holding a copy of the database.
--
-- One row per session holds every rating it received (`items`, a JSON array), each new rating put
-- at a random place among those before it: the stored order is a random permutation, unrelated to
-- when each was given, and no rating has a row, rowid, id, time or transaction of its own to be
-- lined up with `lecture_rating_marks` (who has rated). `n` and `overall_sum` serve the rankings
-- without reading the items. `closes_at` is when rating closes for good: set by the first rating
-- from the window then in force and only ever moved earlier (a longer window set later never
-- reopens a session whose results may have been seen).
CREATE TABLE lecture_rating_boxes (
    session_id   BIGINT PRIMARY KEY REFERENCES lecture_sessions(id),
    n            BIGINT NOT NULL DEFAULT 0,
    overall_sum  BIGINT NOT NULL DEFAULT 0,
    closes_at    BIGINT NOT NULL,
    items        TEXT NOT NULL DEFAULT '[]'
) WITHOUT ROWID;

-- The old rows carry random ids: in id order they are already shuffled.
INSERT INTO lecture_rating_boxes (session_id, n, overall_sum, closes_at, items)
SELECT r.session_id, COUNT(*), SUM(r.overall),
       MAX(s.ends_at) + 86400000 * COALESCE((SELECT CAST(json_extract(value, '$.window_days') AS INTEGER) FROM settings WHERE key = 'rating_rules'), 7),
       json_group_array(json_object('i', json(r.indicators), 's', json(r.scores), 'o', r.overall, 'c', r.comment))
FROM (SELECT * FROM lecture_ratings ORDER BY session_id, id) r JOIN lecture_sessions s ON s.id = r.session_id
GROUP BY r.session_id;

DROP TABLE lecture_ratings;

-- Who has rated, clustered on (session, person): the table keeps no insertion order (a rowid table
-- numbers its rows in the order they arrive).
CREATE TABLE lecture_rating_marks_keyed (
    session_id  BIGINT NOT NULL REFERENCES lecture_sessions(id),
    person_id   BIGINT NOT NULL REFERENCES people(id),
    PRIMARY KEY (session_id, person_id)
) WITHOUT ROWID;
INSERT INTO lecture_rating_marks_keyed (session_id, person_id) SELECT session_id, person_id FROM lecture_rating_marks ORDER BY session_id, person_id;
DROP TABLE lecture_rating_marks;
ALTER TABLE lecture_rating_marks_keyed RENAME TO lecture_rating_marks;
CREATE INDEX lecture_rating_marks_person ON lecture_rating_marks(person_id);

-- 民主推荐: the voter group and the counts, clustered on their keys for the same reason.
CREATE TABLE reserve_round_voters_keyed (
    round_id   BIGINT NOT NULL REFERENCES reserve_rounds(id),
    person_id  BIGINT NOT NULL REFERENCES people(id),
    voted      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, person_id)
) WITHOUT ROWID;
INSERT INTO reserve_round_voters_keyed (round_id, person_id, voted) SELECT round_id, person_id, voted FROM reserve_round_voters ORDER BY round_id, person_id;
DROP TABLE reserve_round_voters;
ALTER TABLE reserve_round_voters_keyed RENAME TO reserve_round_voters;
CREATE INDEX reserve_round_voters_person ON reserve_round_voters(person_id, round_id);

CREATE TABLE reserve_round_candidates_keyed (
    round_id   BIGINT NOT NULL REFERENCES reserve_rounds(id),
    person_id  BIGINT NOT NULL REFERENCES people(id),
    votes      BIGINT NOT NULL DEFAULT 0,
    paper      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, person_id)
) WITHOUT ROWID;
INSERT INTO reserve_round_candidates_keyed (round_id, person_id, votes, paper) SELECT round_id, person_id, votes, paper FROM reserve_round_candidates ORDER BY round_id, person_id;
DROP TABLE reserve_round_candidates;
ALTER TABLE reserve_round_candidates_keyed RENAME TO reserve_round_candidates;
