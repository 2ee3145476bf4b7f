using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class WeeklyTalkVersionConfiguration : IEntityTypeConfiguration<WeeklyTalkVersion>
{
    public void Configure(EntityTypeBuilder<WeeklyTalkVersion> builder)
    {
        builder.Property(v => v.Note).HasMaxLength(2000);
        builder.Property(v => v.AgreedActions).HasMaxLength(2000);
        builder.Property(v => v.SavedByUserId).HasMaxLength(450);
        builder.HasIndex(v => new { v.WeeklyTalkId, v.Version }).IsUnique();
    }
}
