using Narvaro.Escalation;

namespace Narvaro.Web.Features.AdminPolicy;

public sealed record PolicyViewModel(PolicyPage Page, PolicyInputModel Input, IReadOnlyList<(string Field, string Message)> Errors, string? Confirmation)
{
    public IEnumerable<string> ErrorsFor(string field) => Errors.Where(e => e.Field == field).Select(e => e.Message);

    /// <summary>The id of a field's input, for the error summary's link.</summary>
    public static string Id(string field) => field.StartsWith("Task:", StringComparison.Ordinal) ? "dagar-" + field[5..] : field;
}
