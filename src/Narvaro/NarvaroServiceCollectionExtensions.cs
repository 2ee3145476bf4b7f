using Microsoft.Extensions.DependencyInjection;

namespace Narvaro;

public static class NarvaroServiceCollectionExtensions
{
    /// <summary>The core capabilities (import, demo data, …), shared by the web app and the CLI.</summary>
    public static IServiceCollection AddNarvaroCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<Demo.DemoSeeder>();
        services.AddScoped<Import.PupilImporter>().AddScoped<Import.AttendanceImporter>();
        return services;
    }
}
