using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Narvaro.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class TasksByPupil : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tasks_PupilId_Code",
                table: "Tasks",
                columns: new[] { "PupilId", "Code" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_PupilId_Code",
                table: "Tasks");
        }
    }
}
