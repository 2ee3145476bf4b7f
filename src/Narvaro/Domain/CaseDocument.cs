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
/// The document is stored as the facts it was made from (<see cref="Snapshot"/>, versioned JSON) and rendered as a
/// PDF when someone opens it; documents made before snapshots keep their stored PDF in <see cref="Content"/>.
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
    /// <summary>The stored PDF of a document made before snapshots; null for a snapshot document.</summary>
    public byte[]? Content { get; set; }
    /// <summary>The facts the document is rendered from (UTF-8 JSON, format <see cref="SnapshotVersion"/>); null for a stored PDF.</summary>
    public string? Snapshot { get; set; }
    /// <summary>Version of the snapshot's format, so a later renderer knows how to read an older snapshot.</summary>
    public int SnapshotVersion { get; set; }
    /// <summary>Bytes stored: the snapshot's UTF-8 length, or the stored PDF's.</summary>
    public int SizeBytes { get; set; }
    /// <summary>
    /// Hex SHA-256 of what is stored (the snapshot's UTF-8 bytes, or the stored PDF), to show it is the one that was made.
    /// </summary>
    public required string Sha256 { get; set; }
    /// <summary>The date D the figures were taken as of.</summary>
    public DateOnly AsOf { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}
