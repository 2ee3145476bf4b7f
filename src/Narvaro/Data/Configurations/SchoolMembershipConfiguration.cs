using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class SchoolMembershipConfiguration : IEntityTypeConfiguration<SchoolMembership>
{
    public void Configure(EntityTypeBuilder<SchoolMembership> builder)
    {
        builder.HasKey(m => new { m.UserId, m.SchoolId });
        builder.HasOne(m => m.User).WithMany(u => u.Schools)
            .HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.School).WithMany()
            .HasForeignKey(m => m.SchoolId).OnDelete(DeleteBehavior.Cascade);
    }
}
