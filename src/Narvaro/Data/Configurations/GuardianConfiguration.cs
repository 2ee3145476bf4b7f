using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class GuardianConfiguration : IEntityTypeConfiguration<Guardian>
{
    public void Configure(EntityTypeBuilder<Guardian> builder)
    {
        builder.Property(g => g.Name).HasMaxLength(200);
        builder.Property(g => g.Phone).HasMaxLength(40);
        builder.Property(g => g.Email).HasMaxLength(256);
        builder.HasOne(g => g.Pupil).WithMany(p => p.Guardians)
            .HasForeignKey(g => g.PupilId).OnDelete(DeleteBehavior.Cascade);
    }
}
