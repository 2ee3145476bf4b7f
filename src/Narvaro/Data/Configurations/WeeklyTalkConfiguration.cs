using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class WeeklyTalkConfiguration : IEntityTypeConfiguration<WeeklyTalk>
{
    public void Configure(EntityTypeBuilder<WeeklyTalk> builder)
    {
        builder.Property(w => w.Note).HasMaxLength(2000);
        builder.Property(w => w.AgreedActions).HasMaxLength(2000);
        builder.Property(w => w.MentorUserId).HasMaxLength(450);
        builder.HasOne(w => w.Pupil).WithMany()
            .HasForeignKey(w => w.PupilId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(w => new { w.PupilId, w.WeekStart }).IsUnique();
        builder.HasMany(w => w.EarlierVersions).WithOne(v => v.Talk)
            .HasForeignKey(v => v.WeeklyTalkId).OnDelete(DeleteBehavior.Cascade);
    }
}
