using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Narvaro.Domain;
using Narvaro.Staff;

namespace Narvaro.Data.Configurations;

/// <summary>The staff roles exist from the first migration on, with stable ids.</summary>
public class IdentityRoleConfiguration : IEntityTypeConfiguration<IdentityRole>
{
    public void Configure(EntityTypeBuilder<IdentityRole> builder) =>
        builder.HasData(StaffRoles.All.Select(role => new IdentityRole
        {
            Id = StaffAccounts.RoleId(role),
            Name = role,
            NormalizedName = role.ToUpperInvariant(),
            ConcurrencyStamp = StaffAccounts.RoleId(role),
        }));
}
