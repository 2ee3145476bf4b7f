using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Web.Authorization;
using Narvaro.Web.Features.Home;
using Narvaro.Web.Features.Import;

namespace Narvaro.Web.Infrastructure;

public static class WebServiceCollectionExtensions
{
    /// <summary>MVC by feature folder, Identity, authorisation, data protection, health checks and start-up.</summary>
    public static IServiceCollection AddNarvaroWeb(this IServiceCollection services)
    {
        services.AddControllersWithViews(options =>
        {
            options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            SwedishModelBindingMessages.Apply(options.ModelBindingMessageProvider);
        });
        services.Configure<RazorViewEngineOptions>(options =>
        {
            options.ViewLocationFormats.Clear();
            options.ViewLocationFormats.Add("/Features/{1}/{0}.cshtml");
            options.ViewLocationFormats.Add("/Features/Shared/{0}.cshtml");
        });
        // Å, ä and ö as text, not as character references; markup characters are still encoded.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "Narvaro.Antiforgery";
            options.FormFieldName = "__RequestVerificationToken";
        });

        services.AddNarvaroIdentity();
        services.AddOptions<Features.Account.SignInOptions>().BindConfiguration(Features.Account.SignInOptions.Section);
        services.AddSingleton<Features.Account.SignInThrottle>();
        services.AddNarvaroAuthorization();
        services.AddNarvaroOidcSignIn();
        services.AddNarvaroDataProtection();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        services.AddOptions<DatabaseStartupOptions>().BindConfiguration(DatabaseStartupOptions.Section);
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.Section);
        services.AddScoped<DatabaseInitializer>();

        services.AddScoped<HomePageService>();
        services.AddNarvaroImportUpload();
        services.AddScoped<Features.Documents.DocumentDownloads>();
        services.AddScoped<Features.Tasks.TaskPageService>();
        services.AddSingleton<Features.Invitation.InvitationThrottle>();
        return services;
    }

    private static void AddNarvaroIdentity(this IServiceCollection services)
    {
        services.AddIdentity<StaffUser, IdentityRole>(options =>
            {
                // Length over composition rules (NIST SP 800-63B); staff sign in on shared school computers.
                options.Password.RequiredLength = 12;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = true;
                // "Confirmed" means active (ActiveStaffConfirmation): a deactivated account is refused on every sign-in path.
                options.SignIn.RequireConfirmedAccount = true;
            })
            .AddEntityFrameworkStores<NarvaroDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<StaffClaimsPrincipalFactory>()
            .AddUserConfirmation<Features.AdminStaff.ActiveStaffConfirmation>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<Features.Account.SignInOptions>>((options, signIn) =>
            options.Lockout.MaxFailedAccessAttempts = signIn.Value.LockoutAfterFailures);

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "Narvaro.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Secure outside Development is set by UseNarvaroCookieSecurity (it needs the environment).
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/konto/logga-in";
            options.LogoutPath = "/konto/logga-ut";
            options.AccessDeniedPath = "/konto/nekad";
            options.ReturnUrlParameter = "returnUrl";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            // Every successful sign-in (password, two-factor, OpenID Connect) passes here.
            options.Events.OnSignedIn = Features.AdminStaff.LastSignIn.RecordAsync;
        });
        // Outside Development every cookie is Secure (HTTPS only); HttpOnly and SameSite always.
        // Every cookie scheme: the sign-in, the two-factor step's and the external (OpenID Connect) sign-in's.
        foreach (var scheme in new[] { IdentityConstants.ApplicationScheme, IdentityConstants.ExternalScheme,
                     IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme })
        {
            services.AddOptions<CookieAuthenticationOptions>(scheme).Configure<IHostEnvironment>((options, environment) =>
            {
                if (!environment.IsDevelopment()) options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            });
        }
        services.AddOptions<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>().Configure<IHostEnvironment>((options, environment) =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            if (!environment.IsDevelopment()) options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });
        services.AddOptions<AntiforgeryOptions>().Configure<IHostEnvironment>((options, environment) =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            if (!environment.IsDevelopment()) options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });
        // Validated on every request: logout, deactivation and role changes end a session at once, on every node.
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = TimeSpan.Zero;
            // Keep how the person signed in (e.g. "oidc") when the principal is rebuilt on each request.
            options.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(System.Security.Claims.ClaimTypes.AuthenticationMethod) is { } method)
                    context.NewPrincipal?.Identities.First().AddClaim(new System.Security.Claims.Claim(method.Type, method.Value));
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>
    /// OpenID Connect sign-in (Skolfederation, Entra ID), used only when Authentication:Oidc:Authority and ClientId are
    /// set: code flow with PKCE; the result lands in Identity's external cookie and OidcController maps a verified e-mail
    /// to an invited, active account.
    /// </summary>
    private static void AddNarvaroOidcSignIn(this IServiceCollection services)
    {
        services.AddOptions<Features.Account.OidcSignIn>().BindConfiguration(Features.Account.OidcSignIn.Section);
        services.AddAuthentication().AddOpenIdConnect(Features.Account.OidcSignIn.Scheme, _ => { });
        services.AddOptions<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>(Features.Account.OidcSignIn.Scheme)
            .Configure<IOptions<Features.Account.OidcSignIn>>((options, settings) =>
            {
                var oidc = settings.Value;
                options.SignInScheme = IdentityConstants.ExternalScheme;
                options.Authority = oidc.Enabled ? oidc.Authority : "https://oidc.invalid";
                options.ClientId = oidc.Enabled ? oidc.ClientId : "none";
                options.ClientSecret = oidc.ClientSecret;
                options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                options.ResponseType = "code";
                options.ResponseMode = "query";
                options.UsePkce = true;
                options.CallbackPath = "/signin-oidc";
                options.Scope.Clear();
                options.Scope.Add("openid");
                options.Scope.Add("email");
                options.GetClaimsFromUserInfoEndpoint = true;
                options.MapInboundClaims = false;
                // "email" is mapped by default; whether the provider verified it is needed too.
                Microsoft.AspNetCore.Authentication.ClaimActionCollectionMapExtensions.MapJsonKey(options.ClaimActions, "email_verified", "email_verified");
                options.SaveTokens = false;
            });
    }

    private static void AddNarvaroAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(Policies.AuthenticatedStaff)
            .AddNarvaroPolicies();
        services.AddHttpContextAccessor();
        services.AddScoped<ISchoolAccess, SchoolAccess>();
    }

    /// <summary>
    /// Several web nodes share one key ring, kept in the database (DatabaseXmlRepository) unless DataProtection:KeysPath
    /// names a directory; a cookie or antiforgery token issued by one node is read by the others. With
    /// DataProtection:CertificatePath the keys are encrypted at rest with that certificate (docs/operations.md).
    /// </summary>
    private static void AddNarvaroDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(DataProtectionSettings.ApplicationName);
        services.AddOptions<DataProtectionSettings>().BindConfiguration(DataProtectionSettings.Section);
        services.AddSingleton<DatabaseXmlRepository>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<DataProtectionSettings>, ILoggerFactory, IServiceProvider>((options, settings, loggerFactory, provider) =>
            {
                var path = settings.Value.KeysPath;
                if (string.IsNullOrWhiteSpace(path))
                {
                    options.XmlRepository = provider.GetRequiredService<DatabaseXmlRepository>();
                }
                else
                {
                    var directory = new DirectoryInfo(path);
                    directory.Create();
                    options.XmlRepository = new FileSystemXmlRepository(directory, loggerFactory);
                }
            });
    }

    /// <summary>
    /// With DataProtection:CertificatePath the keys are encrypted at rest with that certificate; keys written under the
    /// certificates in DataProtection:PreviousCertificatePaths can still be read after a rotation.
    /// </summary>
    public static IServiceCollection AddNarvaroKeyProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(DataProtectionSettings.Section).Get<DataProtectionSettings>() ?? new();
        if (settings.LoadCertificate() is not { } certificate) return services;
        services.AddDataProtection()
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate([.. settings.LoadDecryptionCertificates()]);
        return services;
    }

    /// <summary>Behind a TLS-terminating load balancer, trust its X-Forwarded-For/Proto (ReverseProxy:ForwardedHeaders).</summary>
    public static IApplicationBuilder UseNarvaroForwardedHeaders(this IApplicationBuilder app)
    {
        var proxy = app.ApplicationServices.GetRequiredService<IOptions<ReverseProxyOptions>>().Value;
        if (!proxy.ForwardedHeaders) return app;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
        };
        // The nodes are reachable only through the proxy network; the proxy's address is not known in advance.
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        return app.UseForwardedHeaders(options);
    }
}
