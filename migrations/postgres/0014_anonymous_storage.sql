-- Ratings that cannot be paired with their raters, even by someone holding a copy of the database.
--
-- One row per session holds every rating it received (`items`, a JSON array), each new rating put
-- at a random place among those before it: the stored order is a random permutation, unrelated to
-- when each was given, and no rating has a row, ctid, id, time or transaction (xmin) of its own to
-- be lined up with `lecture_rating_marks` (who has rated). `n` and `overall_sum` serve the rankings
-- without reading the items. `closes_at` is when rating closes for good: set by the first rating
-- from the window then in force and only ever moved earlier (a longer window set later never
-- reopens a session whose results may have been seen).
CREATE TABLE lecture_rating_boxes (
    session_id   BIGINT PRIMARY KEY REFERENCES lecture_sessions(id),
    n            BIGINT NOT NULL DEFAULT 0,
    overall_sum  BIGINT NOT NULL DEFAULT 0,
    closes_at    BIGINT NOT NULL,
    items        TEXT NOT NULL DEFAULT '[]'
);

-- The old rows carry random ids: in id order they are already shuffled.
INSERT INTO lecture_rating_boxes (session_id, n, overall_sum, closes_at, items)
SELECT r.session_id, COUNT(*), SUM(r.overall),
       MAX(s.ends_at) + 86400000 * COALESCE((SELECT (value::json->>'window_days')::bigint FROM settings WHERE key = 'rating_rules'), 7),
       json_agg(json_build_object('i', r.indicators::json, 's', r.scores::json, 'o', r.overall, 'c', r.comment) ORDER BY r.id)::text
FROM lecture_ratings r JOIN lecture_sessions s ON s.id = r.session_id
GROUP BY r.session_id;

DROP TABLE lecture_ratings;
