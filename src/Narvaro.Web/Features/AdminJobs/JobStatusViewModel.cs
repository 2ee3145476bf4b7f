using System.Globalization;
using Narvaro.Domain;
using Narvaro.Jobs;

namespace Narvaro.Web.Features.AdminJobs;

/// <summary>The job status page: the runs and recurring jobs, with the Swedish words for triggers, jobs and states.</summary>
public sealed record JobStatusViewModel(JobStatusPage Page)
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public IReadOnlyList<EvaluationRunRow> Runs => Page.Runs;
    public HangfireStatus Hangfire => Page.Hangfire;

    public static string Trigger(string? trigger) => trigger switch
    {
        "nightly" => "Nattjobbet",
        "cli" => "Kommandoraden",
        "demo" => "Demodata",
        null or "" => "Okänd",
        _ => trigger,
    };

    /// <summary>"0,4 s", "2 min 5 s", with no-break spaces so a figure stays with its unit.</summary>
    public static string Duration(TimeSpan duration) => duration.TotalSeconds < 60
        ? duration.TotalSeconds.ToString("0.0", Swedish) + "\u00A0s"
        : $"{(int)duration.TotalMinutes}\u00A0min {duration.Seconds}\u00A0s";

    public static string Started(DateTime utc) => SwedishDates.ShortWithTime(utc);

    public static string JobName(string id) => id switch
    {
        JobSchedules.NightlyEvaluation => "Nattlig utvärdering av trappan (med hämtning från SS 12000 när källor finns)",
        JobSchedules.TaskDigest => "Daglig e-postsammanfattning av uppgifter",
        _ => id,
    };

    public static string Schedule(string id, string cron) => id switch
    {
        JobSchedules.NightlyEvaluation => "Varje natt kl. 02.00",
        JobSchedules.TaskDigest => "Varje dag kl. 06.30",
        _ => cron,
    };

    public static string When(DateTime? utc, string none) => utc is { } value ? SwedishDates.ShortWithTime(value) : none;

    /// <summary>Hangfire's state names in words, so the status is not carried by colour.</summary>
    public static string State(string? state) => state switch
    {
        null => "Har inte körts än",
        "Succeeded" => "Lyckades",
        "Failed" => "Misslyckades",
        "Processing" => "Pågår",
        "Enqueued" => "I kö",
        "Scheduled" => "Schemalagd (nytt försök)",
        "Deleted" => "Borttagen",
        "Awaiting" => "Väntar",
        _ => state,
    };
}
