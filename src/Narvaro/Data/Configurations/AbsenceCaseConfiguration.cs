using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class AbsenceCaseConfiguration : IEntityTypeConfiguration<AbsenceCase>
{
    public void Configure(EntityTypeBuilder<AbsenceCase> builder)
    {
        builder.ToTable("Cases");
        builder.Ignore(c => c.IsOpen);
        builder.Property(c => c.ClosedByUserId).HasMaxLength(450);
        builder.Property(c => c.ClosingNote).HasMaxLength(4000);
        builder.Property(c => c.ClosingReason).HasMaxLength(4000);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne(c => c.Pupil).WithMany()
            .HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Cascade);
        // One open case per pupil, enforced by the database even when two evaluations race.
        builder.HasIndex(c => c.PupilId).IsUnique().HasFilter("\"ClosedOn\" IS NULL").HasDatabaseName("UX_Cases_OpenPerPupil");
        builder.HasIndex(c => new { c.PupilId, c.OpenedOn });
    }
}
