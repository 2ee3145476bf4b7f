using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class PupilConfiguration : IEntityTypeConfiguration<Pupil>
{
    public void Configure(EntityTypeBuilder<Pupil> builder)
    {
        builder.Property(p => p.ExternalId).HasMaxLength(64);
        builder.HasIndex(p => p.ExternalId).IsUnique();
        builder.Property(p => p.FirstName).HasMaxLength(100);
        builder.Property(p => p.LastName).HasMaxLength(100);
        builder.Property(p => p.GradeLevel).HasMaxLength(2);
        builder.Property(p => p.PersonalIdentityNumber).HasMaxLength(13);
        builder.Ignore(p => p.FullName);
        builder.HasOne(p => p.School).WithMany()
            .HasForeignKey(p => p.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.Class).WithMany()
            .HasForeignKey(p => p.ClassId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.Mentor).WithMany()
            .HasForeignKey(p => p.MentorId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(p => new { p.SchoolId, p.ClassId });
        builder.HasIndex(p => p.MentorId);
    }
}
