using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditLog");
        builder.Property(a => a.Action).HasMaxLength(100);
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.Details).HasMaxLength(2000);
        builder.HasIndex(a => new { a.PupilId, a.At });
        builder.HasIndex(a => a.At);
    }
}
