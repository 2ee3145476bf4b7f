namespace Narvaro.Web.Features.Import;

public static class ImportServiceCollectionExtensions
{
    /// <summary>The web upload of the import files (Import section of the configuration).</summary>
    public static IServiceCollection AddNarvaroImportUpload(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ImportUploadStore>();
        services.AddScoped<ImportService>();
        return services;
    }
}
