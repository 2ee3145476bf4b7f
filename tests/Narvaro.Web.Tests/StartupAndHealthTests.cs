using System.Data;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests;

/// <summary>The app starts on its own migrations and serves an anonymous health check and a Swedish login page.</summary>
public sealed class StartupAndHealthTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    [Fact]
    public async Task Health_AfterStartup_AnswersHealthyWithoutLogin()
    {
        var response = await factory.CreateBrowser().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Startup_UsesTheConfiguredDatabase_AndAppliesEveryMigration()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();

        Assert.Equal(factory.Database.Provider, ProviderOf(db));
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();
            Assert.Equal(ConnectionState.Open, connection.State);
            // The app's own connection reaches this fixture's database: its file on SQLite, its name on a server.
            Assert.Equal(factory.Database.Name ?? factory.DatabasePath,
                connection is SqliteConnection sqlite ? sqlite.DataSource : connection.Database);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(8, await db.Roles.CountAsync());
    }

    [SqliteOnlyFact("The configured SQLite file is a SQLite thing: a server provider has no database file.")]
    public async Task Startup_UsesTheConfiguredSqliteFile()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();

        Assert.True(db.Database.IsSqlite());
        Assert.Contains(factory.DatabasePath, db.Database.GetConnectionString());
        Assert.True(File.Exists(factory.DatabasePath));
    }

    private static DatabaseProvider ProviderOf(NarvaroDbContext db) =>
        db.Database.IsNpgsql() ? DatabaseProvider.PostgreSql
        : db.Database.IsSqlServer() ? DatabaseProvider.SqlServer
        : db.Database.IsSqlite() ? DatabaseProvider.Sqlite
        : throw new InvalidOperationException(db.Database.ProviderName);

    [Fact]
    public async Task StartPage_Anonymous_RedirectsToLogin()
    {
        var response = await factory.CreateBrowser().GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/konto/logga-in", response.Headers.Location?.AbsolutePath);
        Assert.Contains("returnUrl=%2F", response.Headers.Location?.Query);
    }

    [Fact]
    public async Task LoginPage_IsSwedishAndAccessible()
    {
        var response = await factory.CreateBrowser().GetAsync("/konto/logga-in");
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"sv\">", html);
        Assert.Contains("<h1>Logga in</h1>", html);
        Assert.Contains("<label for=\"Email\">E-postadress</label>", html);
        Assert.Contains("<label for=\"Password\">Lösenord</label>", html);
        Assert.Contains("href=\"#innehall\"", html);
        Assert.Contains("id=\"innehall\"", html);
        Assert.Contains("name=\"__RequestVerificationToken\"", html);
    }

    [Fact]
    public async Task Pages_ReferNoExternalAddress_AndSendSecurityHeaders()
    {
        var client = factory.CreateBrowser();
        var response = await client.GetAsync("/konto/logga-in");
        var html = await response.Content.ReadAsStringAsync();
        var css = await client.GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        var stylesheet = await css.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http", stylesheet);
        Assert.DoesNotContain("@import", stylesheet);
        Assert.DoesNotContain("url(", stylesheet);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("http", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.True(css.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task AccessDeniedPage_IsSwedishWithStatus403()
    {
        var response = await factory.CreateBrowser().GetAsync("/konto/nekad");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Du har inte behörighet till sidan.", await response.ReadPageAsync());
    }
}
