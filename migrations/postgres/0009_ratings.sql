-- Anonymous course ratings. Who has rated a session is kept apart from what was rated: the marks
-- know the person (so nobody rates twice and HR can remind those who have not), the ratings know
-- only the session. Ratings carry no time and take a random id, so neither their order nor a
-- timestamp can be lined up with the marks.

CREATE TABLE lecture_rating_marks (
    session_id  BIGINT NOT NULL REFERENCES lecture_sessions(id),
    person_id   BIGINT NOT NULL REFERENCES people(id),
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX lecture_rating_marks_person ON lecture_rating_marks(person_id);

CREATE TABLE lecture_ratings (
    id          BIGINT PRIMARY KEY,
    session_id  BIGINT NOT NULL REFERENCES lecture_sessions(id),
    -- the indicators' names and the scores (1–5) given to each, as JSON arrays of the same length
    indicators  TEXT NOT NULL,
    scores      TEXT NOT NULL,
    overall     BIGINT NOT NULL CHECK (overall BETWEEN 1 AND 5),
    comment     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lecture_ratings_session ON lecture_ratings(session_id);

-- A series may ask about its own indicators (JSON array of names); NULL: the defaults.
ALTER TABLE lecture_series ADD COLUMN rating_indicators TEXT;
