using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.OrganisationNumber).HasMaxLength(20);
        builder.OwnsOne(o => o.Policy, policy =>
        {
            policy.Property(p => p.Kind).HasColumnName("PolicyKind");
            policy.Property(p => p.ChecklistThresholdPercent).HasColumnName("ChecklistThresholdPercent").HasPrecision(5, 2);
            policy.Property(p => p.StudentHealthThresholdPercent).HasColumnName("StudentHealthThresholdPercent").HasPrecision(5, 2);
            policy.Property(p => p.SkolchefThresholdPercent).HasColumnName("SkolchefThresholdPercent").HasPrecision(5, 2);
            policy.Property(p => p.WindowDays).HasColumnName("WindowDays");
            policy.Property(p => p.MinSchoolDays).HasColumnName("MinSchoolDays");
            policy.Property(p => p.CountApprovedLeave).HasColumnName("CountApprovedLeave");
            policy.Property(p => p.ContinuousInvalidSchoolDays).HasColumnName("ContinuousInvalidSchoolDays");
            policy.Property(p => p.LateContactThreshold).HasColumnName("LateContactThreshold");
            policy.Property(p => p.LateReportThreshold).HasColumnName("LateReportThreshold");
            policy.Property(p => p.InactivityLimitDays).HasColumnName("InactivityLimitDays").HasDefaultValue(14);
            policy.Property(p => p.RequireTwoFactor).HasColumnName("RequireTwoFactor").HasDefaultValue(false);
            policy.Property(p => p.EhtMeetingDay).HasColumnName("EhtMeetingDay");
            policy.Property(p => p.EhtMeetingEveryWeeks).HasColumnName("EhtMeetingEveryWeeks").HasDefaultValue(2);
        });
        builder.Navigation(o => o.Policy).IsRequired();
    }
}
