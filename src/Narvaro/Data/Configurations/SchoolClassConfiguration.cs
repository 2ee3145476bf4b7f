using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class SchoolClassConfiguration : IEntityTypeConfiguration<SchoolClass>
{
    public void Configure(EntityTypeBuilder<SchoolClass> builder)
    {
        builder.ToTable("Classes");
        builder.Property(c => c.Name).HasMaxLength(50);
        builder.HasIndex(c => new { c.SchoolId, c.Name }).IsUnique();
        builder.HasOne(c => c.School).WithMany(s => s.Classes)
            .HasForeignKey(c => c.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}
