using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Narvaro.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class RoleAssignments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RoleAssignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    Role = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    OrganisationId = table.Column<int>(type: "int", nullable: false),
                    SchoolId = table.Column<int>(type: "int", nullable: true),
                    GrantedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    GrantedBy = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoleAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoleAssignments_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RoleAssignments_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RoleAssignments_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RoleAssignments_OrganisationId",
                table: "RoleAssignments",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_RoleAssignments_SchoolId_Role",
                table: "RoleAssignments",
                columns: new[] { "SchoolId", "Role" });

            migrationBuilder.CreateIndex(
                name: "IX_RoleAssignments_UserId_Role_OrganisationId_SchoolId",
                table: "RoleAssignments",
                columns: new[] { "UserId", "Role", "OrganisationId", "SchoolId" },
                unique: true,
                filter: "[SchoolId] IS NOT NULL");

            // Global roles × school memberships become assignments, without widening anyone:
            // - skolchef and administratör: over the huvudman of their memberships (or the only one, as before);
            // - the school roles: at each school of their memberships, except a school the person is only a member
            //   of because an import named them mentor there (they hold Mentor, mentor pupils there, and are a
            //   member elsewhere too). When in doubt this is narrower, never wider; an administrator grants again.
            // - Mentor: no assignment; the mentor relation on the pupils is what a mentor reaches.
            migrationBuilder.Sql(@"
INSERT INTO RoleAssignments (UserId, Role, OrganisationId, SchoolId, GrantedAt, GrantedBy)
SELECT DISTINCT ur.UserId, r.Name, s.OrganisationId, NULL, NOW, 'migrering'
FROM AspNetUserRoles ur
JOIN AspNetRoles r ON r.Id = ur.RoleId
JOIN SchoolMemberships m ON m.UserId = ur.UserId
JOIN Schools s ON s.Id = m.SchoolId
WHERE r.Name IN ('Admin', 'Skolchef');

INSERT INTO RoleAssignments (UserId, Role, OrganisationId, SchoolId, GrantedAt, GrantedBy)
SELECT ur.UserId, r.Name, (SELECT MIN(o.Id) FROM Organisations o), NULL, NOW, 'migrering'
FROM AspNetUserRoles ur
JOIN AspNetRoles r ON r.Id = ur.RoleId
WHERE r.Name IN ('Admin', 'Skolchef')
  AND NOT EXISTS (SELECT 1 FROM SchoolMemberships m WHERE m.UserId = ur.UserId)
  AND (SELECT COUNT(*) FROM Organisations) = 1;

INSERT INTO RoleAssignments (UserId, Role, OrganisationId, SchoolId, GrantedAt, GrantedBy)
SELECT ur.UserId, r.Name, s.OrganisationId, s.Id, NOW, 'migrering'
FROM AspNetUserRoles ur
JOIN AspNetRoles r ON r.Id = ur.RoleId
JOIN SchoolMemberships m ON m.UserId = ur.UserId
JOIN Schools s ON s.Id = m.SchoolId
WHERE r.Name IN ('Rektor', 'Skolkurator', 'Specialpedagog', 'Skolskoterska', 'Skolpsykolog')
  AND NOT (
    EXISTS (SELECT 1 FROM AspNetUserRoles mr JOIN AspNetRoles mrn ON mrn.Id = mr.RoleId WHERE mr.UserId = ur.UserId AND mrn.Name = 'Mentor')
    AND EXISTS (SELECT 1 FROM Pupils p WHERE p.MentorId = ur.UserId AND p.SchoolId = s.Id)
    AND EXISTS (SELECT 1 FROM SchoolMemberships o WHERE o.UserId = ur.UserId AND o.SchoolId <> s.Id));

DELETE FROM AspNetUserRoles;
".Replace("NOW", "SYSUTCDATETIME()"));

            migrationBuilder.DropTable(
                name: "SchoolMemberships");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SchoolMemberships",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    SchoolId = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolMemberships", x => new { x.UserId, x.SchoolId });
                    table.ForeignKey(
                        name: "FK_SchoolMemberships_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SchoolMemberships_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SchoolMemberships_SchoolId",
                table: "SchoolMemberships",
                column: "SchoolId");

            migrationBuilder.Sql(@"
INSERT INTO SchoolMemberships (UserId, SchoolId)
SELECT DISTINCT a.UserId, s.Id FROM RoleAssignments a
JOIN Schools s ON s.Id = a.SchoolId OR (a.SchoolId IS NULL AND s.OrganisationId = a.OrganisationId);

INSERT INTO AspNetUserRoles (UserId, RoleId)
SELECT DISTINCT a.UserId, r.Id FROM RoleAssignments a JOIN AspNetRoles r ON r.Name = a.Role;

INSERT INTO AspNetUserRoles (UserId, RoleId)
SELECT DISTINCT p.MentorId, r.Id FROM Pupils p JOIN AspNetRoles r ON r.Name = 'Mentor'
WHERE p.MentorId IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM AspNetUserRoles x WHERE x.UserId = p.MentorId AND x.RoleId = r.Id);

INSERT INTO SchoolMemberships (UserId, SchoolId)
SELECT DISTINCT p.MentorId, p.SchoolId FROM Pupils p
WHERE p.MentorId IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM SchoolMemberships x WHERE x.UserId = p.MentorId AND x.SchoolId = p.SchoolId);
");

            migrationBuilder.DropTable(
                name: "RoleAssignments");
        }
    }
}
