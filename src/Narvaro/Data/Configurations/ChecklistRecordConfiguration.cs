using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class ChecklistRecordConfiguration : IEntityTypeConfiguration<ChecklistRecord>
{
    public void Configure(EntityTypeBuilder<ChecklistRecord> builder)
    {
        builder.ToTable("Checklists");
        builder.Property(c => c.RecordedByUserId).HasMaxLength(450);
        builder.HasOne(c => c.Pupil).WithMany()
            .HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.Case).WithMany()
            .HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.NoAction);
        builder.HasIndex(c => new { c.PupilId, c.Version }).IsUnique();
    }
}
