using Narvaro;
using Narvaro.Data;
using Narvaro.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddNarvaroDatabase(builder.Configuration);
builder.Services.AddNarvaroCore();
builder.Services.AddNarvaroWeb();
builder.Services.AddNarvaroKeyProtection(builder.Configuration);
builder.Services.AddNarvaroJobs(builder.Configuration);

var app = builder.Build();

// Migrations and demo data before the first request is served (Database:MigrateOnStartup, Demo:SeedWhenEmpty).
await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/fel");
    app.UseHsts();
}

app.UseNarvaroForwardedHeaders();
if (!app.Environment.IsDevelopment())
{
    // Behind the TLS load balancer (ReverseProxy:ForwardedHeaders) requests arrive as HTTPS and pass; a plain HTTP
    // request is sent to HTTPS when the HTTPS port is known (HTTPS_PORT or an https endpoint).
    app.UseHttpsRedirection();
}
app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseStatusCodePagesWithReExecute("/fel/{0}");
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseMiddleware<AccessAuditMiddleware>();
app.UseMiddleware<Narvaro.Web.Features.Account.TwoFactorRequirementMiddleware>();
app.UseAuthorization();

app.MapHealthChecks("/health").AllowAnonymous();
app.MapControllers();
app.UseNarvaroJobs();

app.Run();

public partial class Program;
