using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class SchoolConfiguration : IEntityTypeConfiguration<School>
{
    public void Configure(EntityTypeBuilder<School> builder)
    {
        builder.Property(s => s.SchoolUnitCode).HasMaxLength(20);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.HasIndex(s => s.SchoolUnitCode).IsUnique();
        builder.HasOne(s => s.Organisation).WithMany(o => o.Schools)
            .HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
