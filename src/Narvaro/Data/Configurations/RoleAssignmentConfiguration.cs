using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> builder)
    {
        builder.ToTable("RoleAssignments");
        builder.Property(a => a.Role).HasMaxLength(32);
        builder.Property(a => a.GrantedBy).HasMaxLength(450);
        builder.HasOne(a => a.User).WithMany(u => u.Assignments)
            .HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Organisation).WithMany()
            .HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.School).WithMany()
            .HasForeignKey(a => a.SchoolId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.UserId, a.Role, a.OrganisationId, a.SchoolId }).IsUnique();
        builder.HasIndex(a => new { a.SchoolId, a.Role });
    }
}
