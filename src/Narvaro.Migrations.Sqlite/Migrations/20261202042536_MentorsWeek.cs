using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Narvaro.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MentorsWeek : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AgreedActions",
                table: "WeeklyTalks",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LoggedAtUtc",
                table: "WeeklyTalks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NextFollowUp",
                table: "WeeklyTalks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "WeeklyTalks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "WithWhom",
                table: "WeeklyTalks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "DoneOn",
                table: "Tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Checklists",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    CaseId = table.Column<int>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    TalkWithPupilOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    TalkWithGuardianOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AnswersJson = table.Column<string>(type: "TEXT", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Checklists", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Checklists_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Checklists_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContactAttempts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: false),
                    Method = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reached = table.Column<bool>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContactAttempts_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WeeklyTalkVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WeeklyTalkId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    WithWhom = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AgreedActions = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    NextFollowUp = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SavedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    SavedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeeklyTalkVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WeeklyTalkVersions_WeeklyTalks_WeeklyTalkId",
                        column: x => x.WeeklyTalkId,
                        principalTable: "WeeklyTalks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Checklists_CaseId",
                table: "Checklists",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Checklists_PupilId_Version",
                table: "Checklists",
                columns: new[] { "PupilId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContactAttempts_TaskId",
                table: "ContactAttempts",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyTalkVersions_WeeklyTalkId_Version",
                table: "WeeklyTalkVersions",
                columns: new[] { "WeeklyTalkId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Checklists");

            migrationBuilder.DropTable(
                name: "ContactAttempts");

            migrationBuilder.DropTable(
                name: "WeeklyTalkVersions");

            migrationBuilder.DropColumn(
                name: "AgreedActions",
                table: "WeeklyTalks");

            migrationBuilder.DropColumn(
                name: "LoggedAtUtc",
                table: "WeeklyTalks");

            migrationBuilder.DropColumn(
                name: "NextFollowUp",
                table: "WeeklyTalks");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "WeeklyTalks");

            migrationBuilder.DropColumn(
                name: "WithWhom",
                table: "WeeklyTalks");

            migrationBuilder.DropColumn(
                name: "DoneOn",
                table: "Tasks");
        }
    }
}
