namespace Narvaro.Domain;

/// <summary>Which of the action plan's forms a stored document is.</summary>
public enum CaseDocumentKind
{
    /// <summary>Bilaga 1, checklista vid upprepad frånvaro (step 3).</summary>
    Bilaga1Checklist = 1,
    /// <summary>Bilaga 2, skolsocial kartläggning (step 4).</summary>
    Bilaga2Kartlaggning = 2,
    /// <summary>Bilaga 3, stöd i arbetet för att främja närvaro – analys (step 4).</summary>
    Bilaga3Analys = 3,
}

/// <summary>
/// A form attached to a case by the nightly job when the case reaches the form's step, prefilled as of that night.
/// One per (case, kind), enforced by the database, so attaching twice stores nothing new.
/// </summary>
public class CaseDocument
{
    public int Id { get; set; }
    public int CaseId { get; set; }
    public AbsenceCase? Case { get; set; }
    public CaseDocumentKind Kind { get; set; }
    /// <summary>The step that called for the document (3 or 4).</summary>
    public int Step { get; set; }
    public required string FileName { get; set; }
    public string ContentType { get; set; } = "application/pdf";
    public required byte[] Content { get; set; }
    public int SizeBytes { get; set; }
    /// <summary>Hex SHA-256 of <see cref="Content"/>, to show the stored file is the one that was made.</summary>
    public required string Sha256 { get; set; }
    /// <summary>The date D the figures were taken as of.</summary>
    public DateOnly AsOf { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}
