using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class DigestDeliveryConfiguration : IEntityTypeConfiguration<DigestDelivery>
{
    public void Configure(EntityTypeBuilder<DigestDelivery> builder)
    {
        builder.ToTable("DigestDeliveries");
        builder.Property(d => d.UserId).HasMaxLength(450);
        builder.HasIndex(d => new { d.UserId, d.On }).IsUnique();
    }
}
