using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        // Append-only, refused by the database (migration AccessAdministration). Declared so that EF Core writes without
        // an OUTPUT clause, which SQL Server does not allow on a table with triggers.
        builder.ToTable("AuditLog", t =>
        {
            t.HasTrigger("AuditLog_AppendOnly");
            t.HasTrigger("AuditLog_NoUpdate");
            t.HasTrigger("AuditLog_NoDelete");
        });
        builder.Property(a => a.Action).HasMaxLength(100);
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.Details).HasMaxLength(2000);
        builder.HasIndex(a => new { a.PupilId, a.At });
        builder.HasIndex(a => a.At);
        builder.Property(a => a.PreviousHash).HasMaxLength(64).IsUnicode(false);
        builder.Property(a => a.Hash).HasMaxLength(64).IsUnicode(false);
        builder.HasIndex(a => new { a.UserId, a.At });
        builder.HasIndex(a => new { a.Action, a.At });
    }
}
