-- Each person's 学时 per calendar year (China time), by source, so that the organisation-wide
-- completion and at-risk list read one row per person instead of every attendance line.
-- Kept by the triggers below on every write to the four sources; nothing in the application writes
-- it. Late arrivals are kept apart because whether they earn 学时 is a setting (late_earns_hours).
CREATE TABLE person_year_hours (
    person_id       BIGINT NOT NULL,
    year            BIGINT NOT NULL,
    present_tenths  BIGINT NOT NULL DEFAULT 0,
    late_tenths     BIGINT NOT NULL DEFAULT 0,
    external_tenths BIGINT NOT NULL DEFAULT 0,
    online_tenths   BIGINT NOT NULL DEFAULT 0,
    -- A year's rows together: the completion reads one year for everyone.
    PRIMARY KEY (year, person_id)
);

-- The completion counts active people by unit and quota from this index alone.
CREATE INDEX people_quota ON people(status, unit_id, level, civil_rank, id);

-- The calendar year in China time (UTC+8, no daylight saving) of Unix milliseconds.
CREATE FUNCTION china_year(ms BIGINT) RETURNS BIGINT LANGUAGE SQL IMMUTABLE AS $$
    SELECT EXTRACT(YEAR FROM to_timestamp(((ms + 28800000) / 1000)::double precision) AT TIME ZONE 'UTC')::BIGINT
$$;

-- Attendance: one statement-level trigger per event, reading the statement's rows at once (the
-- demo and imports mark thousands in one statement).
CREATE FUNCTION pyh_attendance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO person_year_hours (person_id, year, present_tenths, late_tenths)
        SELECT o.person_id, china_year(s.starts_at),
               -SUM(CASE WHEN o.status = 'present' THEN s.hours_tenths ELSE 0 END),
               -SUM(CASE WHEN o.status = 'late' THEN s.hours_tenths ELSE 0 END)
        FROM pyh_old o JOIN lecture_sessions s ON s.id = o.session_id
        WHERE s.status <> 'cancelled' AND o.status IN ('present', 'late')
        GROUP BY o.person_id, china_year(s.starts_at)
        ON CONFLICT (person_id, year) DO UPDATE SET
            present_tenths = person_year_hours.present_tenths + EXCLUDED.present_tenths,
            late_tenths = person_year_hours.late_tenths + EXCLUDED.late_tenths;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO person_year_hours (person_id, year, present_tenths, late_tenths)
        SELECT n.person_id, china_year(s.starts_at),
               SUM(CASE WHEN n.status = 'present' THEN s.hours_tenths ELSE 0 END),
               SUM(CASE WHEN n.status = 'late' THEN s.hours_tenths ELSE 0 END)
        FROM pyh_new n JOIN lecture_sessions s ON s.id = n.session_id
        WHERE s.status <> 'cancelled' AND n.status IN ('present', 'late')
        GROUP BY n.person_id, china_year(s.starts_at)
        ON CONFLICT (person_id, year) DO UPDATE SET
            present_tenths = person_year_hours.present_tenths + EXCLUDED.present_tenths,
            late_tenths = person_year_hours.late_tenths + EXCLUDED.late_tenths;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER pyh_attendance_insert AFTER INSERT ON lecture_attendance
    REFERENCING NEW TABLE AS pyh_new FOR EACH STATEMENT EXECUTE FUNCTION pyh_attendance();
CREATE TRIGGER pyh_attendance_delete AFTER DELETE ON lecture_attendance
    REFERENCING OLD TABLE AS pyh_old FOR EACH STATEMENT EXECUTE FUNCTION pyh_attendance();
CREATE TRIGGER pyh_attendance_update AFTER UPDATE ON lecture_attendance
    REFERENCING OLD TABLE AS pyh_old NEW TABLE AS pyh_new FOR EACH STATEMENT EXECUTE FUNCTION pyh_attendance();

-- A session's 学时, start or cancellation changed: take its attendees' hours off the old year and
-- put them on the new one.
CREATE FUNCTION pyh_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_year_hours (person_id, year, present_tenths, late_tenths)
    SELECT a.person_id, china_year(OLD.starts_at),
           SUM(CASE WHEN a.status = 'present' THEN -OLD.hours_tenths ELSE 0 END),
           SUM(CASE WHEN a.status = 'late' THEN -OLD.hours_tenths ELSE 0 END)
    FROM lecture_attendance a WHERE a.session_id = OLD.id AND OLD.status <> 'cancelled' AND a.status IN ('present', 'late')
    GROUP BY a.person_id
    ON CONFLICT (person_id, year) DO UPDATE SET
        present_tenths = person_year_hours.present_tenths + EXCLUDED.present_tenths,
        late_tenths = person_year_hours.late_tenths + EXCLUDED.late_tenths;
    INSERT INTO person_year_hours (person_id, year, present_tenths, late_tenths)
    SELECT a.person_id, china_year(NEW.starts_at),
           SUM(CASE WHEN a.status = 'present' THEN NEW.hours_tenths ELSE 0 END),
           SUM(CASE WHEN a.status = 'late' THEN NEW.hours_tenths ELSE 0 END)
    FROM lecture_attendance a WHERE a.session_id = NEW.id AND NEW.status <> 'cancelled' AND a.status IN ('present', 'late')
    GROUP BY a.person_id
    ON CONFLICT (person_id, year) DO UPDATE SET
        present_tenths = person_year_hours.present_tenths + EXCLUDED.present_tenths,
        late_tenths = person_year_hours.late_tenths + EXCLUDED.late_tenths;
    RETURN NULL;
END $$;

CREATE TRIGGER pyh_session_update AFTER UPDATE ON lecture_sessions FOR EACH ROW
    WHEN (OLD.hours_tenths <> NEW.hours_tenths OR OLD.starts_at <> NEW.starts_at
          OR (OLD.status = 'cancelled') <> (NEW.status = 'cancelled'))
    EXECUTE FUNCTION pyh_session();

-- Approved external training, in the year of its last day; 网络学习 in the year it was learned.
CREATE FUNCTION pyh_external() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.status = 'approved' THEN
        INSERT INTO person_year_hours (person_id, year, external_tenths)
        VALUES (OLD.person_id, CAST(substr(OLD.end_date, 1, 4) AS BIGINT), -OLD.hours_tenths)
        ON CONFLICT (person_id, year) DO UPDATE SET external_tenths = person_year_hours.external_tenths + EXCLUDED.external_tenths;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'approved' THEN
        INSERT INTO person_year_hours (person_id, year, external_tenths)
        VALUES (NEW.person_id, CAST(substr(NEW.end_date, 1, 4) AS BIGINT), NEW.hours_tenths)
        ON CONFLICT (person_id, year) DO UPDATE SET external_tenths = person_year_hours.external_tenths + EXCLUDED.external_tenths;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER pyh_external AFTER INSERT OR UPDATE OR DELETE ON training_external FOR EACH ROW EXECUTE FUNCTION pyh_external();

CREATE FUNCTION pyh_online() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO person_year_hours (person_id, year, online_tenths)
        VALUES (OLD.person_id, CAST(substr(OLD.learned_on, 1, 4) AS BIGINT), -OLD.hours_tenths)
        ON CONFLICT (person_id, year) DO UPDATE SET online_tenths = person_year_hours.online_tenths + EXCLUDED.online_tenths;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO person_year_hours (person_id, year, online_tenths)
        VALUES (NEW.person_id, CAST(substr(NEW.learned_on, 1, 4) AS BIGINT), NEW.hours_tenths)
        ON CONFLICT (person_id, year) DO UPDATE SET online_tenths = person_year_hours.online_tenths + EXCLUDED.online_tenths;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER pyh_online AFTER INSERT OR UPDATE OR DELETE ON training_online FOR EACH ROW EXECUTE FUNCTION pyh_online();

-- What is there already.
INSERT INTO person_year_hours (person_id, year, present_tenths, late_tenths)
SELECT a.person_id, china_year(s.starts_at),
       SUM(CASE WHEN a.status = 'present' THEN s.hours_tenths ELSE 0 END),
       SUM(CASE WHEN a.status = 'late' THEN s.hours_tenths ELSE 0 END)
FROM lecture_attendance a JOIN lecture_sessions s ON s.id = a.session_id
WHERE s.status <> 'cancelled' AND a.status IN ('present', 'late')
GROUP BY 1, 2;

INSERT INTO person_year_hours (person_id, year, external_tenths)
SELECT person_id, CAST(substr(end_date, 1, 4) AS BIGINT), SUM(hours_tenths) FROM training_external
WHERE status = 'approved' GROUP BY 1, 2
ON CONFLICT (person_id, year) DO UPDATE SET external_tenths = person_year_hours.external_tenths + EXCLUDED.external_tenths;

INSERT INTO person_year_hours (person_id, year, online_tenths)
SELECT person_id, CAST(substr(learned_on, 1, 4) AS BIGINT), SUM(hours_tenths) FROM training_online
GROUP BY 1, 2
ON CONFLICT (person_id, year) DO UPDATE SET online_tenths = person_year_hours.online_tenths + EXCLUDED.online_tenths;
