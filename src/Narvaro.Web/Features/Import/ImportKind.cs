namespace Narvaro.Web.Features.Import;

/// <summary>Which of the two CSV files an upload is.</summary>
public enum ImportKind
{
    Pupils,
    Attendance,
}

public static class ImportKindText
{
    /// <summary>The name staff see, e.g. in headings and the audit log.</summary>
    public static string Label(this ImportKind kind) => kind switch
    {
        ImportKind.Pupils => "Elever",
        ImportKind.Attendance => "Närvaro",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string FileName(this ImportKind kind) => kind switch
    {
        ImportKind.Pupils => "pupils.csv",
        ImportKind.Attendance => "attendance.csv",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string AuditAction(this ImportKind kind) => kind switch
    {
        ImportKind.Pupils => "Import av elever",
        ImportKind.Attendance => "Import av närvaro",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
