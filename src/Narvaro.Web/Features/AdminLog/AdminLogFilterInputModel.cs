using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Audit;
using Narvaro.Web.Features.Escalation;

namespace Narvaro.Web.Features.AdminLog;

/// <summary>The log's GET form as typed in the address bar; a bad value gives a Swedish message at its field and is left out.</summary>
public sealed class AdminLogFilterInputModel
{
    [FromQuery(Name = "person")] public string? Person { get; set; }
    [FromQuery(Name = "elev")] public string? Pupil { get; set; }
    [FromQuery(Name = "handelse")] public string? Action { get; set; }
    [FromQuery(Name = "fran")] public string? From { get; set; }
    [FromQuery(Name = "till")] public string? To { get; set; }
    [FromQuery(Name = "sida")] public string? Page { get; set; }

    public const string DateHint = "Skriv datumet som år-månad-dag, till exempel 2026-11-27.";

    public sealed record Parsed(AuditLogFilter Filter, int Page, IReadOnlyList<FilterError> Errors);

    public Parsed Parse(IReadOnlyCollection<string> actions)
    {
        var errors = new List<FilterError>();
        string? action = null;
        if (!string.IsNullOrWhiteSpace(Action))
        {
            if (actions.Contains(Action.Trim())) action = Action.Trim();
            else errors.Add(new("handelse", "Händelsen finns inte i loggen. Välj en händelse i listan."));
        }
        var from = Date(From, "fran", "Från-datumet", errors);
        var to = Date(To, "till", "Till-datumet", errors);
        if (from is { } f && to is { } t && t < f)
        {
            errors.Add(new("till", "Till-datumet är före från-datumet. Ange ett till-datum samma dag som eller efter från-datumet."));
            to = null;
        }
        var page = int.TryParse(Page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        return new(new AuditLogFilter(Text(Person), Text(Pupil), action, from, to), page, errors);
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateOnly? Date(string? value, string field, string name, List<FilterError> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add(new(field, $"{name} är inte ett datum. {DateHint}"));
        return null;
    }

    /// <summary>The query string of this filter (valid values only), for paging and the CSV link.</summary>
    public static string Query(AuditLogFilter filter, int? page = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value) { if (value is not null) parts.Add($"{key}={Uri.EscapeDataString(value)}"); }
        Add("person", filter.Person);
        Add("elev", filter.Pupil);
        Add("handelse", filter.Action);
        Add("fran", filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("till", filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (page is > 1) Add("sida", page.Value.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
