using Microsoft.Extensions.DependencyInjection;

namespace Narvaro;

public static class NarvaroServiceCollectionExtensions
{
    /// <summary>The core capabilities (import, demo data, …), shared by the web app and the CLI.</summary>
    public static IServiceCollection AddNarvaroCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<Audit.AuditTrail>();
        services.AddScoped<Absence.AttendanceDayQuery>();
        services.AddScoped<Absence.MeasureService>();
        services.AddScoped<Escalation.StaircaseEvaluator>();
        services.AddScoped<Escalation.CaseService>();
        services.AddScoped<Escalation.CaseQueries>();
        services.AddScoped<Escalation.WeeklyTalkService>();
        services.AddScoped<Escalation.PolicyService>();
        services.AddScoped<Documents.DocumentDataService>();
        services.AddScoped<Documents.PupilDocuments>();
        services.AddScoped<Documents.CaseDocumentAttacher>();
        services.AddScoped<Jobs.NightlyRun>();
        services.AddScoped<Jobs.NightlyEvaluationJob>();
        services.AddScoped<Demo.DemoSeeder>();
        services.AddScoped<Import.PupilImporter>().AddScoped<Import.AttendanceImporter>();
        return services;
    }
}
