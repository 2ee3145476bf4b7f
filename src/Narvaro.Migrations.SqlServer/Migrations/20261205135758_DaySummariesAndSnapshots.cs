using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Narvaro.Migrations.SqlServer.Migrations
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
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "PupilsChanged",
                table: "EvaluationRuns",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "PupilsWithNewTasks",
                table: "EvaluationRuns",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AlterColumn<byte[]>(
                name: "Content",
                table: "CaseDocuments",
                type: "varbinary(max)",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "varbinary(max)");

            migrationBuilder.AddColumn<string>(
                name: "Snapshot",
                table: "CaseDocuments",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SnapshotVersion",
                table: "CaseDocuments",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "AttendanceDays",
                columns: table => new
                {
                    PupilId = table.Column<int>(type: "int", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Lessons = table.Column<int>(type: "int", nullable: false),
                    OfferedMinutes = table.Column<int>(type: "int", nullable: false),
                    ReportedLessons = table.Column<int>(type: "int", nullable: false),
                    ReportedMinutes = table.Column<int>(type: "int", nullable: false),
                    ValidMinutes = table.Column<int>(type: "int", nullable: false),
                    InvalidMinutes = table.Column<int>(type: "int", nullable: false),
                    InvalidLessons = table.Column<int>(type: "int", nullable: false),
                    LeaveMinutes = table.Column<int>(type: "int", nullable: false),
                    LateMinutes = table.Column<int>(type: "int", nullable: false),
                    LateArrivals = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttendanceDays", x => new { x.PupilId, x.Date });
                    table.ForeignKey(
                        name: "FK_AttendanceDays_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceDays_Date_Invalid",
                table: "AttendanceDays",
                columns: new[] { "Date", "PupilId" },
                filter: "\"InvalidLessons\" > 0");

            // The day summaries are kept by the database: one set-based trigger adjusts the (pupil, date) sums of every
            // insert, update and delete of lesson rows in the writing statement's transaction (SqlBulkCopy fires it with
            // FireTriggers). Backfilled from the lessons.
            migrationBuilder.Sql("""
                INSERT INTO [AttendanceDays] ([PupilId], [Date], [Lessons], [OfferedMinutes], [ReportedLessons], [ReportedMinutes],
                    [ValidMinutes], [InvalidMinutes], [InvalidLessons], [LeaveMinutes], [LateMinutes], [LateArrivals])
                SELECT [PupilId], [Date], COUNT(*), SUM([ScheduledMinutes]),
                    SUM(CASE WHEN [Type] = 5 THEN 0 ELSE 1 END), SUM(CASE WHEN [Type] = 5 THEN 0 ELSE [ScheduledMinutes] END),
                    SUM(CASE WHEN [Type] = 1 THEN [AbsentMinutes] ELSE 0 END),
                    SUM(CASE WHEN [Type] = 2 THEN [AbsentMinutes] ELSE 0 END), SUM(CASE WHEN [Type] = 2 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN [Type] = 3 THEN [AbsentMinutes] ELSE 0 END),
                    SUM(CASE WHEN [Type] = 4 THEN [AbsentMinutes] ELSE 0 END), SUM(CASE WHEN [Type] = 4 THEN 1 ELSE 0 END)
                FROM [Attendance]
                GROUP BY [PupilId], [Date];
                """);
            migrationBuilder.Sql("""
                EXEC('CREATE TRIGGER [Attendance_Days] ON [Attendance] AFTER INSERT, UPDATE, DELETE AS
                BEGIN
                    SET NOCOUNT ON;
                    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
                    WITH rows AS (
                        SELECT [PupilId], [Date], 1 AS [Sign], [ScheduledMinutes], [AbsentMinutes], [Type] FROM inserted
                        UNION ALL
                        SELECT [PupilId], [Date], -1, [ScheduledMinutes], [AbsentMinutes], [Type] FROM deleted),
                    delta AS (
                        SELECT [PupilId], [Date], SUM([Sign]) AS [Lessons], SUM([Sign] * [ScheduledMinutes]) AS [OfferedMinutes],
                            SUM(CASE WHEN [Type] = 5 THEN 0 ELSE [Sign] END) AS [ReportedLessons],
                            SUM(CASE WHEN [Type] = 5 THEN 0 ELSE [Sign] * [ScheduledMinutes] END) AS [ReportedMinutes],
                            SUM(CASE WHEN [Type] = 1 THEN [Sign] * [AbsentMinutes] ELSE 0 END) AS [ValidMinutes],
                            SUM(CASE WHEN [Type] = 2 THEN [Sign] * [AbsentMinutes] ELSE 0 END) AS [InvalidMinutes],
                            SUM(CASE WHEN [Type] = 2 THEN [Sign] ELSE 0 END) AS [InvalidLessons],
                            SUM(CASE WHEN [Type] = 3 THEN [Sign] * [AbsentMinutes] ELSE 0 END) AS [LeaveMinutes],
                            SUM(CASE WHEN [Type] = 4 THEN [Sign] * [AbsentMinutes] ELSE 0 END) AS [LateMinutes],
                            SUM(CASE WHEN [Type] = 4 THEN [Sign] ELSE 0 END) AS [LateArrivals]
                        FROM rows GROUP BY [PupilId], [Date])
                    MERGE [AttendanceDays] WITH (HOLDLOCK) AS t
                    USING delta AS s ON t.[PupilId] = s.[PupilId] AND t.[Date] = s.[Date]
                    WHEN MATCHED THEN UPDATE SET
                        [Lessons] = t.[Lessons] + s.[Lessons], [OfferedMinutes] = t.[OfferedMinutes] + s.[OfferedMinutes],
                        [ReportedLessons] = t.[ReportedLessons] + s.[ReportedLessons], [ReportedMinutes] = t.[ReportedMinutes] + s.[ReportedMinutes],
                        [ValidMinutes] = t.[ValidMinutes] + s.[ValidMinutes], [InvalidMinutes] = t.[InvalidMinutes] + s.[InvalidMinutes],
                        [InvalidLessons] = t.[InvalidLessons] + s.[InvalidLessons], [LeaveMinutes] = t.[LeaveMinutes] + s.[LeaveMinutes],
                        [LateMinutes] = t.[LateMinutes] + s.[LateMinutes], [LateArrivals] = t.[LateArrivals] + s.[LateArrivals]
                    WHEN NOT MATCHED BY TARGET AND s.[Lessons] > 0 THEN INSERT ([PupilId], [Date], [Lessons], [OfferedMinutes],
                        [ReportedLessons], [ReportedMinutes], [ValidMinutes], [InvalidMinutes], [InvalidLessons], [LeaveMinutes], [LateMinutes], [LateArrivals])
                        VALUES (s.[PupilId], s.[Date], s.[Lessons], s.[OfferedMinutes], s.[ReportedLessons], s.[ReportedMinutes], s.[ValidMinutes],
                        s.[InvalidMinutes], s.[InvalidLessons], s.[LeaveMinutes], s.[LateMinutes], s.[LateArrivals]);
                    DELETE d FROM [AttendanceDays] d
                    WHERE d.[Lessons] = 0 AND EXISTS (SELECT 1 FROM deleted x WHERE x.[PupilId] = d.[PupilId] AND x.[Date] = d.[Date]);
                END')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [Attendance_Days];");
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
                type: "varbinary(max)",
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "varbinary(max)",
                oldNullable: true);
        }
    }
}
