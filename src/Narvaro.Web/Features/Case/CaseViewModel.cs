using Narvaro.Escalation;

namespace Narvaro.Web.Features.Case;

/// <summary>The case page: what the person may see (<see cref="CasePage"/>), the confirmation or errors, and the forms' values.</summary>
public sealed class CaseViewModel(CasePage page)
{
    public CasePage Page { get; } = page;
    public string? Confirmation { get; init; }
    /// <summary>The task whose form was posted and failed, so its fields show the values and the message.</summary>
    public int? PostedTaskId { get; init; }
    public AssignInputModel Assign { get; init; } = new();
    public CompleteInputModel Complete { get; init; } = new();
    public ReportInputModel Report { get; init; } = new();
    public CloseInputModel Close { get; init; } = new();

    public string Title => $"Ärende – {Page.PupilName}";

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The id of the field a model state key belongs to, for the error summary's links.</summary>
    public string? Anchor(string key) => key switch
    {
        "Assign.AssigneeUserId" or "Assign.TaskId" => PostedTaskId is { } t ? $"Assign-{t}-AssigneeUserId" : null,
        "Complete.DoneOn" => PostedTaskId is { } t ? $"Complete-{t}-DoneOn" : null,
        "Complete.Note" => PostedTaskId is { } t ? $"Complete-{t}-Note" : null,
        "Report.Kind" => "Report-Kind-Skolchef",
        "Report.ReportedOn" => "Report-ReportedOn",
        "Report.Recipient" => "Report-Recipient",
        "Report.Reference" => "Report-Reference",
        "Close.Note" => "Close-Note",
        "Close.Reason" => "Close-Reason",
        _ => null,
    };

    public static string FieldKey(CaseWorkField field) => field switch
    {
        CaseWorkField.Assignee => "Assign.AssigneeUserId",
        CaseWorkField.DoneOn => "Complete.DoneOn",
        CaseWorkField.Note => "Complete.Note",
        CaseWorkField.ReportKind => "Report.Kind",
        CaseWorkField.ReportedOn => "Report.ReportedOn",
        CaseWorkField.Recipient => "Report.Recipient",
        CaseWorkField.Reference => "Report.Reference",
        CaseWorkField.ClosingNote => "Close.Note",
        CaseWorkField.ClosingReason => "Close.Reason",
        _ => "",
    };
}
