using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Ss12000;
using Narvaro.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Narvaro.Tests.Ss12000;

/// <summary>
/// The whole import — fetch, map, validate, write — against Prism's random schema-valid answers (Prefer:
/// dynamic=true), through the app's own services on real SQLite. Random data is mostly not a school (pupils without
/// a class, unknown grades, lessons of random length), so what matters is how the import behaves on it: every run
/// either commits or fails as a whole with a Swedish reason and leaves the database empty; none ends in any other
/// exception (a crash in the mapper on data the schema allows would).
/// </summary>
[Collection(PrismCollection.Name)]
public sealed class WholeImportAgainstPrismTests(PrismServer prism, ITestOutputHelper output)
{
    private const int Runs = 12;

    [Fact]
    public async Task Every_run_on_random_schema_valid_data_commits_or_fails_whole_with_a_Swedish_reason()
    {
        var committed = 0;
        var reasons = new List<string>();
        for (var run = 0; run < Runs; run++)
        {
            await using var database = await TestDatabase.CreateAsync();
            await using var services = Services(database);
            await using var scope = services.CreateAsyncScope();
            var import = scope.ServiceProvider.GetRequiredService<Ss12000Import>();

            try
            {
                var summary = await import.ImportAsync(new DateOnly(2026, 9, 7), new DateOnly(2026, 9, 11));
                committed++;
                await using var db = database.CreateContext();
                Assert.Equal(summary.Sources.Sum(s => s.Pupils), await db.Pupils.CountAsync());
            }
            catch (Ss12000Exception ex)
            {
                reasons.Add(ex.Message);
                // A Swedish sentence that names the source and says that nothing was written — not an exception's text.
                Assert.Contains("SS 12000-källan \"Prism\"", ex.Message);
                Assert.Matches("(?i)ingenting har ändrats i databasen\\.$", ex.Message);
                Assert.DoesNotContain("Exception", ex.Message);
                await using var db = database.CreateContext();
                Assert.Equal(0, await db.Schools.CountAsync() + await db.Classes.CountAsync() + await db.Pupils.CountAsync()
                    + await db.Attendance.CountAsync() + await db.RoleAssignments.CountAsync() + await db.Users.CountAsync());
            }
        }

        output.WriteLine($"{committed} of {Runs} runs committed; reasons of the others:");
        foreach (var reason in reasons.Distinct()) output.WriteLine("  " + reason);
        Assert.Equal(Runs, committed + reasons.Count);
    }

    private ServiceProvider Services(TestDatabase database)
    {
        var source = prism.Options(maxPages: 3);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Narvaro"] = database.ConnectionString,
            ["Ss12000:Sources:0:Name"] = source.Name,
            ["Ss12000:Sources:0:Organisation"] = source.Organisation,
            ["Ss12000:Sources:0:BaseUrl"] = source.BaseUrl,
            ["Ss12000:Sources:0:TokenEndpoint"] = source.TokenEndpoint,
            ["Ss12000:Sources:0:ClientId"] = source.ClientId,
            ["Ss12000:Sources:0:ClientSecret"] = source.ClientSecret,
            ["Ss12000:Sources:0:MaxPages"] = "3",
            ["Ss12000:Sources:0:RetryCount"] = "1",
            ["Ss12000:Sources:0:RetryBaseDelayMilliseconds"] = "10",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddNarvaroDatabase(configuration);
        services.AddNarvaroCore();
        services.AddHttpClient(Ss12000Client.HttpClientName).AddHttpMessageHandler(() => new PreferDynamic());
        return services.BuildServiceProvider();
    }
}
