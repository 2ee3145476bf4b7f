using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Narvaro;

public static class NarvaroServiceCollectionExtensions
{
    /// <summary>The core capabilities (import, demo data, …), shared by the web app and the CLI.</summary>
    public static IServiceCollection AddNarvaroCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<Audit.AuditTrail>();
        services.AddScoped<Access.TwoFactorRequirement>();
        services.AddScoped<Audit.AuditChain>();
        services.AddScoped<Audit.AuditLogQuery>();
        services.AddScoped<Absence.AttendanceDayQuery>();
        services.AddScoped<Absence.DaySummaryCheck>();
        services.AddScoped<Absence.MeasureService>();
        services.AddScoped<Escalation.StaircaseEvaluator>();
        services.AddScoped<Escalation.CaseService>();
        services.AddScoped<Escalation.CaseWorkService>();
        services.AddScoped<Escalation.CaseQueries>();
        services.AddScoped<Escalation.EscalationQueueService>();
        services.AddScoped<Escalation.WeeklyTalkService>();
        services.AddScoped<Mentoring.MenteeListService>();
        services.AddScoped<Escalation.MyTasksService>();
        services.AddScoped<Escalation.PolicyService>();
        services.AddScoped<Escalation.PolicyAdministration>();
        services.AddScoped<StudentHealth.EhtService>();
        services.AddScoped<Documents.DocumentDataService>();
        services.AddScoped<Pupils.PupilRecordService>();
        services.AddScoped<Documents.PupilDocuments>();
        services.AddScoped<Documents.CaseDocumentAttacher>();
        services.AddScoped<Documents.ChecklistRecords>();
        services.AddScoped<StudentHealth.KartlaggningService>();
        services.AddScoped<StudentHealth.SstService>();
        services.AddScoped<Leadership.SkolchefOverviewService>().AddScoped<Leadership.TermExport>();
        services.AddScoped<Jobs.NightlyRun>();
        services.AddScoped<Jobs.NightlyEvaluationJob>();
        services.AddScoped<Jobs.JobStatusService>();
        services.AddScoped<Demo.DemoSeeder>();
        services.AddScoped<Demo.DemoEvaluation>();
        services.AddScoped<Import.PupilImporter>().AddScoped<Import.AttendanceImporter>();
        services.AddNarvaroSs12000();
        services.AddNarvaroNotifications();
        return services;
    }

    /// <summary>The daily e-mail digest; section "Smtp" (no Host: no e-mail), the password from user-secrets or environment variables.</summary>
    private static IServiceCollection AddNarvaroNotifications(this IServiceCollection services)
    {
        services.AddOptions<Notifications.SmtpOptions>().BindConfiguration(Notifications.SmtpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Notifications.SmtpOptions>, Notifications.SmtpOptionsValidation>();
        services.AddSingleton<Notifications.IMailSender, Notifications.MailKitSender>();
        services.AddScoped<Notifications.DigestService>();
        services.AddScoped<Jobs.TaskDigestJob>();
        services.AddOptions<Staff.InvitationOptions>().BindConfiguration(Staff.InvitationOptions.Section);
        services.AddScoped<Staff.Invitations>();
        services.AddScoped<Staff.StaffAdministration>();
        return services;
    }

    /// <summary>SS 12000 sources from configuration section "Ss12000" (secrets from user-secrets or environment variables).</summary>
    private static IServiceCollection AddNarvaroSs12000(this IServiceCollection services)
    {
        services.AddOptions<Ss12000.Ss12000Options>().BindConfiguration(Ss12000.Ss12000Options.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Ss12000.Ss12000Options>, Ss12000.Ss12000OptionsValidation>();
        services.AddHttpClient(Ss12000.Ss12000Client.HttpClientName);
        services.AddSingleton<Ss12000.Ss12000ClientFactory>();
        services.AddScoped<Ss12000.Ss12000Import>();
        services.AddScoped<Jobs.Ss12000ImportJob>();
        return services;
    }
}
