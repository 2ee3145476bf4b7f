using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class SstReferralConfiguration : IEntityTypeConfiguration<SstReferral>
{
    public void Configure(EntityTypeBuilder<SstReferral> builder)
    {
        builder.ToTable("SstReferrals");
        builder.Property(s => s.GuardianConsentRecordedByUserId).HasMaxLength(450);
        builder.Property(s => s.PupilConsentRecordedByUserId).HasMaxLength(450);
        builder.Property(s => s.ReferredByUserId).HasMaxLength(450);
        builder.Property(s => s.CreatedByUserId).HasMaxLength(450);
        builder.Property(s => s.ClosingEvaluation).HasMaxLength(4000);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne(s => s.Case).WithMany()
            .HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.CaseId).IsUnique();
    }
}
