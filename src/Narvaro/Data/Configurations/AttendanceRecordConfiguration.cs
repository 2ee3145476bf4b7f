using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class AttendanceRecordConfiguration : IEntityTypeConfiguration<AttendanceRecord>
{
    public void Configure(EntityTypeBuilder<AttendanceRecord> builder)
    {
        builder.ToTable("Attendance");
        builder.Property(a => a.Subject).HasMaxLength(100);
        builder.HasOne(a => a.Pupil).WithMany()
            .HasForeignKey(a => a.PupilId).OnDelete(DeleteBehavior.Cascade);
        // The import key is the identity: one row per pupil and lesson; also serves "one pupil's rows".
        builder.HasKey(a => new { a.PupilId, a.Date, a.Start });
        // "All rows of a date range" for the nightly measures.
        builder.HasIndex(a => a.Date);
    }
}
