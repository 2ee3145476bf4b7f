using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Narvaro.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DaySummariesAndSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DocumentsAttached",
                table: "EvaluationRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "PupilsChanged",
                table: "EvaluationRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "PupilsWithNewTasks",
                table: "EvaluationRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AlterColumn<byte[]>(
                name: "Content",
                table: "CaseDocuments",
                type: "BLOB",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AddColumn<string>(
                name: "Snapshot",
                table: "CaseDocuments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SnapshotVersion",
                table: "CaseDocuments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // WITHOUT ROWID: the table is its primary key (pupil, date), so a pupil's days lie together and the key is
            // not stored twice (measured on 100 000 pupils: 26 of 66 bytes per row were the separate key b-tree).
            migrationBuilder.Sql("""
                CREATE TABLE "AttendanceDays" (
                    "PupilId" INTEGER NOT NULL,
                    "Date" TEXT NOT NULL,
                    "Lessons" INTEGER NOT NULL,
                    "OfferedMinutes" INTEGER NOT NULL,
                    "ReportedLessons" INTEGER NOT NULL,
                    "ReportedMinutes" INTEGER NOT NULL,
                    "ValidMinutes" INTEGER NOT NULL,
                    "InvalidMinutes" INTEGER NOT NULL,
                    "InvalidLessons" INTEGER NOT NULL,
                    "LeaveMinutes" INTEGER NOT NULL,
                    "LateMinutes" INTEGER NOT NULL,
                    "LateArrivals" INTEGER NOT NULL,
                    CONSTRAINT "PK_AttendanceDays" PRIMARY KEY ("PupilId", "Date"),
                    CONSTRAINT "FK_AttendanceDays_Pupils_PupilId" FOREIGN KEY ("PupilId") REFERENCES "Pupils" ("Id") ON DELETE CASCADE
                ) WITHOUT ROWID;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceDays_Date_Invalid",
                table: "AttendanceDays",
                columns: new[] { "Date", "PupilId" },
                filter: "\"InvalidLessons\" > 0");

            // The day summaries are kept by the database: every insert, update and delete of a lesson row adjusts its
            // (pupil, date) sums in the same statement's transaction, whatever wrote it. Backfilled from the lessons.
            migrationBuilder.Sql("""
                INSERT INTO "AttendanceDays" ("PupilId", "Date", "Lessons", "OfferedMinutes", "ReportedLessons", "ReportedMinutes", "ValidMinutes", "InvalidMinutes", "InvalidLessons", "LeaveMinutes", "LateMinutes", "LateArrivals")
                SELECT "PupilId", "Date", COUNT(*), SUM("ScheduledMinutes"),
                    COUNT(*) FILTER (WHERE "Type" <> 5), COALESCE(SUM("ScheduledMinutes") FILTER (WHERE "Type" <> 5), 0),
                    COALESCE(SUM("AbsentMinutes") FILTER (WHERE "Type" = 1), 0),
                    COALESCE(SUM("AbsentMinutes") FILTER (WHERE "Type" = 2), 0), COUNT(*) FILTER (WHERE "Type" = 2),
                    COALESCE(SUM("AbsentMinutes") FILTER (WHERE "Type" = 3), 0),
                    COALESCE(SUM("AbsentMinutes") FILTER (WHERE "Type" = 4), 0), COUNT(*) FILTER (WHERE "Type" = 4)
                FROM "Attendance"
                GROUP BY "PupilId", "Date";
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Attendance_Days_Insert" AFTER INSERT ON "Attendance"
                BEGIN
                INSERT INTO "AttendanceDays" ("PupilId", "Date", "Lessons", "OfferedMinutes", "ReportedLessons", "ReportedMinutes", "ValidMinutes", "InvalidMinutes", "InvalidLessons", "LeaveMinutes", "LateMinutes", "LateArrivals")
                VALUES (NEW."PupilId", NEW."Date", 1, NEW."ScheduledMinutes",
                    CASE WHEN NEW."Type" = 5 THEN 0 ELSE 1 END, CASE WHEN NEW."Type" = 5 THEN 0 ELSE NEW."ScheduledMinutes" END,
                    CASE WHEN NEW."Type" = 1 THEN NEW."AbsentMinutes" ELSE 0 END,
                    CASE WHEN NEW."Type" = 2 THEN NEW."AbsentMinutes" ELSE 0 END, CASE WHEN NEW."Type" = 2 THEN 1 ELSE 0 END,
                    CASE WHEN NEW."Type" = 3 THEN NEW."AbsentMinutes" ELSE 0 END,
                    CASE WHEN NEW."Type" = 4 THEN NEW."AbsentMinutes" ELSE 0 END, CASE WHEN NEW."Type" = 4 THEN 1 ELSE 0 END)
                ON CONFLICT ("PupilId", "Date") DO UPDATE SET
                    "Lessons" = "Lessons" + 1, "OfferedMinutes" = "OfferedMinutes" + excluded."OfferedMinutes",
                    "ReportedLessons" = "ReportedLessons" + excluded."ReportedLessons", "ReportedMinutes" = "ReportedMinutes" + excluded."ReportedMinutes",
                    "ValidMinutes" = "ValidMinutes" + excluded."ValidMinutes", "InvalidMinutes" = "InvalidMinutes" + excluded."InvalidMinutes",
                    "InvalidLessons" = "InvalidLessons" + excluded."InvalidLessons", "LeaveMinutes" = "LeaveMinutes" + excluded."LeaveMinutes",
                    "LateMinutes" = "LateMinutes" + excluded."LateMinutes", "LateArrivals" = "LateArrivals" + excluded."LateArrivals";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Attendance_Days_Delete" AFTER DELETE ON "Attendance"
                BEGIN
                UPDATE "AttendanceDays" SET
                    "Lessons" = "Lessons" - 1, "OfferedMinutes" = "OfferedMinutes" - OLD."ScheduledMinutes",
                    "ReportedLessons" = "ReportedLessons" - CASE WHEN OLD."Type" = 5 THEN 0 ELSE 1 END,
                    "ReportedMinutes" = "ReportedMinutes" - CASE WHEN OLD."Type" = 5 THEN 0 ELSE OLD."ScheduledMinutes" END,
                    "ValidMinutes" = "ValidMinutes" - CASE WHEN OLD."Type" = 1 THEN OLD."AbsentMinutes" ELSE 0 END,
                    "InvalidMinutes" = "InvalidMinutes" - CASE WHEN OLD."Type" = 2 THEN OLD."AbsentMinutes" ELSE 0 END,
                    "InvalidLessons" = "InvalidLessons" - CASE WHEN OLD."Type" = 2 THEN 1 ELSE 0 END,
                    "LeaveMinutes" = "LeaveMinutes" - CASE WHEN OLD."Type" = 3 THEN OLD."AbsentMinutes" ELSE 0 END,
                    "LateMinutes" = "LateMinutes" - CASE WHEN OLD."Type" = 4 THEN OLD."AbsentMinutes" ELSE 0 END,
                    "LateArrivals" = "LateArrivals" - CASE WHEN OLD."Type" = 4 THEN 1 ELSE 0 END
                WHERE "PupilId" = OLD."PupilId" AND "Date" = OLD."Date";
                DELETE FROM "AttendanceDays" WHERE "PupilId" = OLD."PupilId" AND "Date" = OLD."Date" AND "Lessons" = 0;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Attendance_Days_Update" AFTER UPDATE ON "Attendance"
                BEGIN
                UPDATE "AttendanceDays" SET
                    "Lessons" = "Lessons" - 1, "OfferedMinutes" = "OfferedMinutes" - OLD."ScheduledMinutes",
                    "ReportedLessons" = "ReportedLessons" - CASE WHEN OLD."Type" = 5 THEN 0 ELSE 1 END,
                    "ReportedMinutes" = "ReportedMinutes" - CASE WHEN OLD."Type" = 5 THEN 0 ELSE OLD."ScheduledMinutes" END,
                    "ValidMinutes" = "ValidMinutes" - CASE WHEN OLD."Type" = 1 THEN OLD."AbsentMinutes" ELSE 0 END,
                    "InvalidMinutes" = "InvalidMinutes" - CASE WHEN OLD."Type" = 2 THEN OLD."AbsentMinutes" ELSE 0 END,
                    "InvalidLessons" = "InvalidLessons" - CASE WHEN OLD."Type" = 2 THEN 1 ELSE 0 END,
                    "LeaveMinutes" = "LeaveMinutes" - CASE WHEN OLD."Type" = 3 THEN OLD."AbsentMinutes" ELSE 0 END,
                    "LateMinutes" = "LateMinutes" - CASE WHEN OLD."Type" = 4 THEN OLD."AbsentMinutes" ELSE 0 END,
                    "LateArrivals" = "LateArrivals" - CASE WHEN OLD."Type" = 4 THEN 1 ELSE 0 END
                WHERE "PupilId" = OLD."PupilId" AND "Date" = OLD."Date";
                DELETE FROM "AttendanceDays" WHERE "PupilId" = OLD."PupilId" AND "Date" = OLD."Date" AND "Lessons" = 0;
                INSERT INTO "AttendanceDays" ("PupilId", "Date", "Lessons", "OfferedMinutes", "ReportedLessons", "ReportedMinutes", "ValidMinutes", "InvalidMinutes", "InvalidLessons", "LeaveMinutes", "LateMinutes", "LateArrivals")
                VALUES (NEW."PupilId", NEW."Date", 1, NEW."ScheduledMinutes",
                    CASE WHEN NEW."Type" = 5 THEN 0 ELSE 1 END, CASE WHEN NEW."Type" = 5 THEN 0 ELSE NEW."ScheduledMinutes" END,
                    CASE WHEN NEW."Type" = 1 THEN NEW."AbsentMinutes" ELSE 0 END,
                    CASE WHEN NEW."Type" = 2 THEN NEW."AbsentMinutes" ELSE 0 END, CASE WHEN NEW."Type" = 2 THEN 1 ELSE 0 END,
                    CASE WHEN NEW."Type" = 3 THEN NEW."AbsentMinutes" ELSE 0 END,
                    CASE WHEN NEW."Type" = 4 THEN NEW."AbsentMinutes" ELSE 0 END, CASE WHEN NEW."Type" = 4 THEN 1 ELSE 0 END)
                ON CONFLICT ("PupilId", "Date") DO UPDATE SET
                    "Lessons" = "Lessons" + 1, "OfferedMinutes" = "OfferedMinutes" + excluded."OfferedMinutes",
                    "ReportedLessons" = "ReportedLessons" + excluded."ReportedLessons", "ReportedMinutes" = "ReportedMinutes" + excluded."ReportedMinutes",
                    "ValidMinutes" = "ValidMinutes" + excluded."ValidMinutes", "InvalidMinutes" = "InvalidMinutes" + excluded."InvalidMinutes",
                    "InvalidLessons" = "InvalidLessons" + excluded."InvalidLessons", "LeaveMinutes" = "LeaveMinutes" + excluded."LeaveMinutes",
                    "LateMinutes" = "LateMinutes" + excluded."LateMinutes", "LateArrivals" = "LateArrivals" + excluded."LateArrivals";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Attendance_Days_Insert";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Attendance_Days_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Attendance_Days_Update";""");
            migrationBuilder.DropTable(
                name: "AttendanceDays");

            migrationBuilder.DropColumn(
                name: "DocumentsAttached",
                table: "EvaluationRuns");

            migrationBuilder.DropColumn(
                name: "PupilsChanged",
                table: "EvaluationRuns");

            migrationBuilder.DropColumn(
                name: "PupilsWithNewTasks",
                table: "EvaluationRuns");

            migrationBuilder.DropColumn(
                name: "Snapshot",
                table: "CaseDocuments");

            migrationBuilder.DropColumn(
                name: "SnapshotVersion",
                table: "CaseDocuments");

            migrationBuilder.AlterColumn<byte[]>(
                name: "Content",
                table: "CaseDocuments",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "BLOB",
                oldNullable: true);
        }
    }
}
