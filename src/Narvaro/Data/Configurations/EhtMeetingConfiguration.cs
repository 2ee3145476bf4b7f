using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class EhtMeetingConfiguration : IEntityTypeConfiguration<EhtMeeting>
{
    public void Configure(EntityTypeBuilder<EhtMeeting> builder)
    {
        builder.ToTable("EhtMeetings");
        builder.Property(m => m.CreatedByUserId).HasMaxLength(450);
        builder.HasOne(m => m.School).WithMany()
            .HasForeignKey(m => m.SchoolId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.SchoolId, m.On }).IsUnique();
    }
}
