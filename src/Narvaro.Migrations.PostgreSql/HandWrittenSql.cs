namespace Narvaro.Migrations.PostgreSql;

/// <summary>
/// What EF's model cannot say, for PostgreSQL: the triggers that keep the day summaries and the append-only audit log.
/// Same rules as the SQLite and SQL Server migrations (DaySummariesAndSnapshots, AccessAdministration).
/// </summary>
public static class HandWrittenSql
{
    /// <summary>
    /// The day summaries (AttendanceDays) follow every write to Attendance in the writer's own transaction: one
    /// statement-level trigger per event folds the statement's rows (its transition tables) into per-day deltas, so a
    /// COPY of a million lessons costs one grouped pass. A delta that adds lessons is an upsert; one that does not
    /// updates the day in place; a day left without lessons is removed.
    /// </summary>
    public static string AttendanceDayTriggers => $"""
        {Function("attendance_days_after_insert", "SELECT \"PupilId\", \"Date\", 1 AS \"Sign\", \"ScheduledMinutes\", \"AbsentMinutes\", \"Type\" FROM new_rows", removesDays: false)}
        {Function("attendance_days_after_delete", "SELECT \"PupilId\", \"Date\", -1 AS \"Sign\", \"ScheduledMinutes\", \"AbsentMinutes\", \"Type\" FROM old_rows", removesDays: true)}
        {Function("attendance_days_after_update", """
            SELECT "PupilId", "Date", 1 AS "Sign", "ScheduledMinutes", "AbsentMinutes", "Type" FROM new_rows
                    UNION ALL
                    SELECT "PupilId", "Date", -1, "ScheduledMinutes", "AbsentMinutes", "Type" FROM old_rows
            """, removesDays: true)}
        CREATE TRIGGER "Attendance_Days_Insert" AFTER INSERT ON "Attendance"
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_days_after_insert();
        CREATE TRIGGER "Attendance_Days_Delete" AFTER DELETE ON "Attendance"
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_days_after_delete();
        CREATE TRIGGER "Attendance_Days_Update" AFTER UPDATE ON "Attendance"
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_days_after_update();
        """;

    public const string DropAttendanceDayTriggers = """
        DROP TRIGGER IF EXISTS "Attendance_Days_Insert" ON "Attendance";
        DROP TRIGGER IF EXISTS "Attendance_Days_Delete" ON "Attendance";
        DROP TRIGGER IF EXISTS "Attendance_Days_Update" ON "Attendance";
        DROP FUNCTION IF EXISTS attendance_days_after_insert();
        DROP FUNCTION IF EXISTS attendance_days_after_delete();
        DROP FUNCTION IF EXISTS attendance_days_after_update();
        """;

    private const string Columns = """
        "Lessons", "OfferedMinutes", "ReportedLessons", "ReportedMinutes", "ValidMinutes", "InvalidMinutes", "InvalidLessons", "LeaveMinutes", "LateMinutes", "LateArrivals"
        """;

    private static string Function(string name, string rows, bool removesDays)
    {
        var columns = Columns.Split(", ").Select(c => c.Trim()).ToArray();
        var add = string.Join(", ", columns.Select(c => $"{c} = d.{c} + s.{c}"));
        var addExcluded = string.Join(", ", columns.Select(c => $"{c} = \"AttendanceDays\".{c} + EXCLUDED.{c}"));
        var remove = removesDays
            ? """
                DELETE FROM "AttendanceDays" d USING (SELECT DISTINCT "PupilId", "Date" FROM old_rows) o
                WHERE d."PupilId" = o."PupilId" AND d."Date" = o."Date" AND d."Lessons" = 0;
              """
            : "";
        return $$"""
            CREATE FUNCTION {{name}}() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                WITH rows AS (
                    {{rows}}),
                delta AS (
                    SELECT "PupilId", "Date", SUM("Sign") AS "Lessons", SUM("Sign" * "ScheduledMinutes") AS "OfferedMinutes",
                        SUM(CASE WHEN "Type" = 5 THEN 0 ELSE "Sign" END) AS "ReportedLessons",
                        SUM(CASE WHEN "Type" = 5 THEN 0 ELSE "Sign" * "ScheduledMinutes" END) AS "ReportedMinutes",
                        SUM(CASE WHEN "Type" = 1 THEN "Sign" * "AbsentMinutes" ELSE 0 END) AS "ValidMinutes",
                        SUM(CASE WHEN "Type" = 2 THEN "Sign" * "AbsentMinutes" ELSE 0 END) AS "InvalidMinutes",
                        SUM(CASE WHEN "Type" = 2 THEN "Sign" ELSE 0 END) AS "InvalidLessons",
                        SUM(CASE WHEN "Type" = 3 THEN "Sign" * "AbsentMinutes" ELSE 0 END) AS "LeaveMinutes",
                        SUM(CASE WHEN "Type" = 4 THEN "Sign" * "AbsentMinutes" ELSE 0 END) AS "LateMinutes",
                        SUM(CASE WHEN "Type" = 4 THEN "Sign" ELSE 0 END) AS "LateArrivals"
                    FROM rows GROUP BY "PupilId", "Date"),
                changed AS (
                    UPDATE "AttendanceDays" d SET {{add}}
                    FROM delta s
                    WHERE s."Lessons" <= 0 AND d."PupilId" = s."PupilId" AND d."Date" = s."Date")
                INSERT INTO "AttendanceDays" ("PupilId", "Date", {{Columns}})
                SELECT "PupilId", "Date", {{Columns}} FROM delta WHERE "Lessons" > 0
                ON CONFLICT ("PupilId", "Date") DO UPDATE SET {{addExcluded}};
            {{remove}}
                RETURN NULL;
            END
            $fn$;
            """;
    }

    /// <summary>The audit log is append-only: the database refuses to change or remove an entry.</summary>
    public const string AuditLogAppendOnly = """
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            RAISE EXCEPTION 'AuditLog is append-only: an entry cannot be changed or removed.' USING ERRCODE = 'P0001';
        END
        $fn$;
        CREATE TRIGGER "AuditLog_AppendOnly" BEFORE UPDATE OR DELETE ON "AuditLog"
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
        """;

    public const string DropAuditLogAppendOnly = """
        DROP TRIGGER IF EXISTS "AuditLog_AppendOnly" ON "AuditLog";
        DROP FUNCTION IF EXISTS audit_log_append_only();
        """;
}
