using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class KartlaggningRecordConfiguration : IEntityTypeConfiguration<KartlaggningRecord>
{
    public void Configure(EntityTypeBuilder<KartlaggningRecord> builder)
    {
        builder.ToTable("Kartlaggningar");
        builder.Property(k => k.DoneByUserId).HasMaxLength(450);
        builder.Property(k => k.RecordedByUserId).HasMaxLength(450);
        builder.HasOne(k => k.Case).WithMany()
            .HasForeignKey(k => k.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(k => new { k.CaseId, k.Version }).IsUnique();
    }
}
