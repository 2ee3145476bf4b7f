using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class CaseReportConfiguration : IEntityTypeConfiguration<CaseReport>
{
    public void Configure(EntityTypeBuilder<CaseReport> builder)
    {
        builder.ToTable("CaseReports");
        builder.Property(r => r.TaskCode).HasMaxLength(20);
        builder.Property(r => r.Recipient).HasMaxLength(200);
        builder.Property(r => r.Reference).HasMaxLength(200);
        builder.Property(r => r.RecordedByUserId).HasMaxLength(450);
        builder.HasOne(r => r.Case).WithMany()
            .HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.CaseId, r.Kind });
    }
}
