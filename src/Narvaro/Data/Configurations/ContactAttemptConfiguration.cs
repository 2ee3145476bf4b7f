using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;

namespace Narvaro.Data.Configurations;

public class ContactAttemptConfiguration : IEntityTypeConfiguration<ContactAttempt>
{
    public void Configure(EntityTypeBuilder<ContactAttempt> builder)
    {
        builder.Property(c => c.Note).HasMaxLength(2000);
        builder.Property(c => c.UserId).HasMaxLength(450);
        builder.HasOne(c => c.Task).WithMany(t => t.ContactAttempts)
            .HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}
