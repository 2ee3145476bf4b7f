using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class CaseTaskConfiguration : IEntityTypeConfiguration<CaseTask>
{
    public void Configure(EntityTypeBuilder<CaseTask> builder)
    {
        builder.ToTable("Tasks");
        builder.Property(t => t.Code).HasMaxLength(20);
        builder.Property(t => t.Role).HasMaxLength(20);
        builder.Property(t => t.DoneByUserId).HasMaxLength(450);
        builder.Property(t => t.Note).HasMaxLength(4000);
        builder.Property(t => t.AssigneeUserId).HasMaxLength(450);
        builder.Property(t => t.AssignedByUserId).HasMaxLength(450);
        builder.HasOne(t => t.Pupil).WithMany()
            .HasForeignKey(t => t.PupilId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(t => t.Case).WithMany(c => c.Tasks)
            .HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.NoAction);
        // Each task of a case is raised once; each day task once per pupil and day.
        builder.HasIndex(t => new { t.CaseId, t.Code }).IsUnique().HasFilter("\"CaseId\" IS NOT NULL").HasDatabaseName("UX_Tasks_CaseCode");
        builder.HasIndex(t => new { t.PupilId, t.Code, t.RaisedOn }).IsUnique().HasFilter("\"CaseId\" IS NULL").HasDatabaseName("UX_Tasks_DayTask");
        builder.HasIndex(t => new { t.Status, t.Due });
        // A pupil's tasks (the pupil page, the checklist's S3-CHECKLIST): the day-task index above is filtered to
        // CaseId IS NULL, so SQLite cannot use it for all of a pupil's tasks.
        builder.HasIndex(t => new { t.PupilId, t.Code }).HasDatabaseName("IX_Tasks_PupilId_Code");
        // Mina uppgifter of a named assignee.
        builder.HasIndex(t => t.AssigneeUserId).HasFilter("\"AssigneeUserId\" IS NOT NULL");
    }
}
