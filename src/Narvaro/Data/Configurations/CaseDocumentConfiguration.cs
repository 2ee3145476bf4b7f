using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class CaseDocumentConfiguration : IEntityTypeConfiguration<CaseDocument>
{
    public void Configure(EntityTypeBuilder<CaseDocument> builder)
    {
        builder.ToTable("CaseDocuments");
        builder.Property(d => d.FileName).HasMaxLength(200);
        builder.Property(d => d.ContentType).HasMaxLength(100);
        builder.Property(d => d.Sha256).HasMaxLength(64).IsFixedLength();
        builder.HasOne(d => d.Case).WithMany()
            .HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Cascade);
        // One document of each kind per case: a second or concurrent nightly run cannot attach it twice.
        builder.HasIndex(d => new { d.CaseId, d.Kind }).IsUnique().HasDatabaseName("UX_CaseDocuments_CaseKind");
    }
}
