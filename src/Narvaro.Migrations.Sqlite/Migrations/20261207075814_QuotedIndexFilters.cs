using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Narvaro.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class QuotedIndexFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_AssigneeUserId",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "UX_Tasks_CaseCode",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "UX_Tasks_DayTask",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "UX_Cases_OpenPerPupil",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_AssigneeUserId",
                table: "Tasks",
                column: "AssigneeUserId",
                filter: "\"AssigneeUserId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "UX_Tasks_CaseCode",
                table: "Tasks",
                columns: new[] { "CaseId", "Code" },
                unique: true,
                filter: "\"CaseId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "UX_Tasks_DayTask",
                table: "Tasks",
                columns: new[] { "PupilId", "Code", "RaisedOn" },
                unique: true,
                filter: "\"CaseId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "UX_Cases_OpenPerPupil",
                table: "Cases",
                column: "PupilId",
                unique: true,
                filter: "\"ClosedOn\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_AssigneeUserId",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "UX_Tasks_CaseCode",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "UX_Tasks_DayTask",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "UX_Cases_OpenPerPupil",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_AssigneeUserId",
                table: "Tasks",
                column: "AssigneeUserId",
                filter: "AssigneeUserId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "UX_Tasks_CaseCode",
                table: "Tasks",
                columns: new[] { "CaseId", "Code" },
                unique: true,
                filter: "CaseId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "UX_Tasks_DayTask",
                table: "Tasks",
                columns: new[] { "PupilId", "Code", "RaisedOn" },
                unique: true,
                filter: "CaseId IS NULL");

            migrationBuilder.CreateIndex(
                name: "UX_Cases_OpenPerPupil",
                table: "Cases",
                column: "PupilId",
                unique: true,
                filter: "ClosedOn IS NULL");
        }
    }
}
