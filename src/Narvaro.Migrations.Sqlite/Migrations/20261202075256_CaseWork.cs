using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Narvaro.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CaseWork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AssignedAtUtc",
                table: "Tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignedByUserId",
                table: "Tasks",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssigneeUserId",
                table: "Tasks",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosingReason",
                table: "Cases",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "CaseReports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    TaskCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ReportedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseReports_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DigestDeliveries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TaskCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DigestDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EhtMeetings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EhtMeetings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EhtMeetings_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Kartlaggningar",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    DoneOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DoneByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    AnswersJson = table.Column<string>(type: "TEXT", nullable: false),
                    PupilConsent = table.Column<bool>(type: "INTEGER", nullable: false),
                    PupilConsentOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Kartlaggningar", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Kartlaggningar_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SstReferrals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    GuardianConsentOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    GuardianConsentMethod = table.Column<int>(type: "INTEGER", nullable: true),
                    GuardianConsentRecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    PupilConsentOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PupilConsentMethod = table.Column<int>(type: "INTEGER", nullable: true),
                    PupilConsentRecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ReferredOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReferredByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    StartedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    BoosterMeetingOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EndedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ClosingEvaluation = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SstReferrals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SstReferrals_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EhtEvaluations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    MeetingId = table.Column<int>(type: "INTEGER", nullable: true),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Participants = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Tried = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Effect = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    NextStep = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    AbsencePercentBefore = table.Column<decimal>(type: "TEXT", precision: 7, scale: 3, nullable: true),
                    AbsencePercentAfter = table.Column<decimal>(type: "TEXT", precision: 7, scale: 3, nullable: true),
                    RecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EhtEvaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EhtEvaluations_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EhtEvaluations_EhtMeetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "EhtMeetings",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_AssigneeUserId",
                table: "Tasks",
                column: "AssigneeUserId",
                filter: "AssigneeUserId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReports_CaseId_Kind",
                table: "CaseReports",
                columns: new[] { "CaseId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_DigestDeliveries_UserId_On",
                table: "DigestDeliveries",
                columns: new[] { "UserId", "On" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EhtEvaluations_CaseId_On",
                table: "EhtEvaluations",
                columns: new[] { "CaseId", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_EhtEvaluations_MeetingId",
                table: "EhtEvaluations",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_EhtMeetings_SchoolId_On",
                table: "EhtMeetings",
                columns: new[] { "SchoolId", "On" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Kartlaggningar_CaseId_Version",
                table: "Kartlaggningar",
                columns: new[] { "CaseId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SstReferrals_CaseId",
                table: "SstReferrals",
                column: "CaseId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseReports");

            migrationBuilder.DropTable(
                name: "DigestDeliveries");

            migrationBuilder.DropTable(
                name: "EhtEvaluations");

            migrationBuilder.DropTable(
                name: "Kartlaggningar");

            migrationBuilder.DropTable(
                name: "SstReferrals");

            migrationBuilder.DropTable(
                name: "EhtMeetings");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_AssigneeUserId",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "AssignedAtUtc",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "AssignedByUserId",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "AssigneeUserId",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "ClosingReason",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Cases");
        }
    }
}
