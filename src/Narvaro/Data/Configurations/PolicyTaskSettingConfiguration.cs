using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class PolicyTaskSettingConfiguration : IEntityTypeConfiguration<PolicyTaskSetting>
{
    public void Configure(EntityTypeBuilder<PolicyTaskSetting> builder)
    {
        builder.ToTable("PolicyTasks");
        builder.HasKey(s => new { s.OrganisationId, s.Code });
        builder.Property(s => s.Code).HasMaxLength(20);
        builder.Property(s => s.Role).HasMaxLength(20);
        builder.HasOne(s => s.Organisation).WithMany()
            .HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
