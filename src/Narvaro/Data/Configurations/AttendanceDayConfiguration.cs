using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

/// <summary>
/// The day summaries. The rows are written by triggers on "Attendance" (created by the migration
/// DaySummaries for each provider), never by the application.
/// </summary>
public class AttendanceDayConfiguration : IEntityTypeConfiguration<AttendanceDay>
{
    public void Configure(EntityTypeBuilder<AttendanceDay> builder)
    {
        builder.ToTable("AttendanceDays");
        builder.HasKey(d => new { d.PupilId, d.Date });
        builder.Ignore(d => d.UnreportedLessons);
        builder.HasOne<Pupil>().WithMany()
            .HasForeignKey(d => d.PupilId).OnDelete(DeleteBehavior.Cascade);
        // Step 1's question for a date ("who had an ogiltig lesson on D?") reads only the days with one.
        builder.HasIndex(d => new { d.Date, d.PupilId })
            .HasFilter("\"InvalidLessons\" > 0")
            .HasDatabaseName("IX_AttendanceDays_Date_Invalid");
    }
}
