using Narvaro.Demo;
using Narvaro.Domain;

namespace Narvaro.Web.Infrastructure;

/// <summary>The demo accounts, as printed to the developer's console after seeding.</summary>
public static class DemoLoginPrinter
{
    public static void Write(TextWriter output, DemoSeedResult result)
    {
        output.WriteLine();
        output.WriteLine($"Demodata skapad: {result.Schools} skolor, {result.Pupils} elever, perioden {result.From:yyyy-MM-dd} – {result.To:yyyy-MM-dd}.");
        output.WriteLine($"Logga in med någon av dessa konton. Lösenord för alla: {DemoSeeder.DemoPassword}");
        if (result.Logins.Count == 0)
        {
            output.WriteLine("  (inga demokonton skapades)");
            return;
        }

        var rows = result.Logins
            .Select(l => (l.Email, Role: StaffRoles.DisplayName(l.Role), l.School))
            .ToList();
        var emailWidth = rows.Max(r => r.Email.Length);
        var roleWidth = rows.Max(r => r.Role.Length);
        foreach (var (email, role, school) in rows)
            output.WriteLine($"  {email.PadRight(emailWidth)}  {role.PadRight(roleWidth)}  {school}".TrimEnd());
        output.WriteLine();
    }
}
