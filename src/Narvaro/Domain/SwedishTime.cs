namespace Narvaro.Domain;

/// <summary>Dates as Swedish schools count them: in Europe/Stockholm, whatever the server's time zone.</summary>
public static class SwedishTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    /// <summary>The date the nightly evaluation evaluates: yesterday in Stockholm.</summary>
    public static DateOnly Yesterday(TimeProvider clock) => Today(clock).AddDays(-1);
}
