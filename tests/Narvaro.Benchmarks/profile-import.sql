-- Where the import's time goes on PostgreSQL, step by step (docs/benchmarks.md, PostgreSQL). Run from the directory of
-- `pg-import --dir DIR` (attendance.csv is read from the current directory) against a migrated database holding its
-- pupils (`narvaro migrate`, `narvaro import pupils DIR/pupils.csv`):  cd DIR && psql -d DB -f .../profile-import.sql
-- Every step into "Attendance" runs in a transaction that is rolled back, so the steps are comparable.
-- Step E sets session_replication_role, which needs a superuser (the role tests/postgres.sh creates is one).
\timing on
\set ON_ERROR_STOP 1
DROP TABLE IF EXISTS bare_attendance; DROP TABLE IF EXISTS typed;
CREATE TABLE bare_attendance (elev_id text, datum text, start text, slut text, amne text, franvaro_min text, typ text);
\echo == A. psql copy into the bare text table
\copy bare_attendance FROM 'attendance.csv' WITH (FORMAT csv, HEADER true, DELIMITER ';')
CREATE UNLOGGED TABLE typed AS SELECT p."Id" AS "PupilId", b.datum::date AS "Date", b.start::time AS "Start", b.slut::time AS "End",
  (extract(epoch from (b.slut::time - b.start::time))/60)::int AS "ScheduledMinutes", b.amne::varchar(100) AS "Subject",
  coalesce(nullif(b.franvaro_min,'')::int, 0) AS "AbsentMinutes",
  CASE b.typ WHEN 'narvarande' THEN 0 WHEN 'giltig' THEN 1 WHEN 'ogiltig' THEN 2 WHEN 'ledighet' THEN 3 WHEN 'sen' THEN 4 WHEN 'ej_rapporterad' THEN 5 ELSE 2 END AS "Type"
  FROM bare_attendance b JOIN "Pupils" p ON p."ExternalId" = b.elev_id ORDER BY 1, 2, 3;
\copy typed TO 'typed.bin' WITH (FORMAT binary)
CHECKPOINT;
\echo == B. binary copy straight into "Attendance" (PK, IX_Attendance_Date, FK, day-summary trigger): the InsertNew path
BEGIN; \copy "Attendance" FROM 'typed.bin' WITH (FORMAT binary)
ROLLBACK;
CHECKPOINT;
\echo == C. binary copy into a temp table, then INSERT ... ON CONFLICT (the Upsert path the importer takes)
BEGIN;
CREATE TEMPORARY TABLE attendance_load (LIKE "Attendance" INCLUDING DEFAULTS) ON COMMIT DROP;
\copy attendance_load FROM 'typed.bin' WITH (FORMAT binary)
INSERT INTO "Attendance" SELECT * FROM attendance_load ON CONFLICT ("PupilId", "Date", "Start") DO UPDATE SET "End" = EXCLUDED."End", "ScheduledMinutes" = EXCLUDED."ScheduledMinutes", "Subject" = EXCLUDED."Subject", "AbsentMinutes" = EXCLUDED."AbsentMinutes", "Type" = EXCLUDED."Type";
ROLLBACK;
CHECKPOINT;
\echo == D. as B without the day-summary trigger
BEGIN; ALTER TABLE "Attendance" DISABLE TRIGGER "Attendance_Days_Insert";
\copy "Attendance" FROM 'typed.bin' WITH (FORMAT binary)
ROLLBACK;
CHECKPOINT;
\echo == E. as B without any trigger (no FK check either: session_replication_role = replica)
BEGIN; SET LOCAL session_replication_role = replica;
\copy "Attendance" FROM 'typed.bin' WITH (FORMAT binary)
ROLLBACK;
CHECKPOINT;
\echo == F. as E and without IX_Attendance_Date
BEGIN; SET LOCAL session_replication_role = replica; DROP INDEX "IX_Attendance_Date";
\copy "Attendance" FROM 'typed.bin' WITH (FORMAT binary)
ROLLBACK;
