using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class EhtEvaluationConfiguration : IEntityTypeConfiguration<EhtEvaluation>
{
    public void Configure(EntityTypeBuilder<EhtEvaluation> builder)
    {
        builder.ToTable("EhtEvaluations");
        builder.Property(e => e.Participants).HasMaxLength(1000);
        builder.Property(e => e.Tried).HasMaxLength(4000);
        builder.Property(e => e.Effect).HasMaxLength(4000);
        builder.Property(e => e.NextStep).HasMaxLength(4000);
        builder.Property(e => e.AbsencePercentBefore).HasPrecision(7, 3);
        builder.Property(e => e.AbsencePercentAfter).HasPrecision(7, 3);
        builder.Property(e => e.RecordedByUserId).HasMaxLength(450);
        builder.HasOne(e => e.Case).WithMany()
            .HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Meeting).WithMany()
            .HasForeignKey(e => e.MeetingId).OnDelete(DeleteBehavior.NoAction);
        builder.HasIndex(e => new { e.CaseId, e.On });
    }
}
