using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Narvaro.Domain;

namespace Narvaro.Documents;

/// <summary>
/// The facts an attached form is rendered from, stored in <see cref="CaseDocument.Snapshot"/> instead of the PDF:
/// who, the school, the period's figures, the pattern of question 5 (Bilaga 1), the suggested level (Bilaga 3), the
/// kind, step, D and the time it was made. Format <see cref="Version"/>; the PDF is rendered from it when opened.
/// Only what the kind prints is kept: Bilaga 2 prints no figures, Bilaga 3 no pattern.
/// </summary>
public sealed record DocumentSnapshot
{
    /// <summary>The format written today (also stored in <see cref="CaseDocument.SnapshotVersion"/>).</summary>
    public const int Version = 1;

    [JsonPropertyOrder(0)] public int V { get; init; } = Version;
    [JsonPropertyOrder(1)] public required CaseDocumentKind Kind { get; init; }
    [JsonPropertyOrder(2)] public required int Step { get; init; }
    [JsonPropertyOrder(3)] public required DateOnly AsOf { get; init; }
    [JsonPropertyOrder(4)] public required DateTime CreatedAtUtc { get; init; }
    [JsonPropertyOrder(5)] public required SnapshotPupil Pupil { get; init; }
    [JsonPropertyOrder(6)] public SnapshotFigures? Figures { get; init; }
    [JsonPropertyOrder(7)] public SnapshotPattern? Pattern { get; init; }
    [JsonPropertyOrder(8)] public int? SuggestedLevel { get; init; }

    /// <summary>
    /// Explicit and fixed: camelCase names in declared order, no indentation, letters such as å and ö kept as UTF-8
    /// (the text is stored, never embedded in HTML), enums by name, numbers as JSON numbers (shortest round-trip form,
    /// culture-invariant), dates as ISO 8601, nulls left out.
    /// </summary>
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    /// <summary>The snapshot of the form of <paramref name="kind"/> for the pupil's data as of <paramref name="asOf"/>.</summary>
    public static DocumentSnapshot From(CaseDocumentKind kind, PupilDocumentData data, DateOnly asOf, DateTime createdAtUtc)
    {
        var h = data.Header;
        var f = data.Figures;
        var printsFigures = kind is CaseDocumentKind.Bilaga1Checklist or CaseDocumentKind.Bilaga3Analys;
        return new DocumentSnapshot
        {
            Kind = kind,
            Step = PupilDocuments.StepOf(kind),
            AsOf = asOf,
            CreatedAtUtc = DateTime.SpecifyKind(createdAtUtc, DateTimeKind.Utc),
            Pupil = new SnapshotPupil(h.PupilId, h.ExternalId, h.PupilName, h.ClassName, h.SchoolId, h.SchoolName, h.OrganisationName, h.MentorName),
            Figures = printsFigures
                ? new SnapshotFigures(f.From, f.To, f.SchoolDays, f.AbsencePercent, f.InvalidPercent, f.LateArrivals, f.WholeDaysAbsent)
                : null,
            Pattern = kind == CaseDocumentKind.Bilaga1Checklist
                ? new SnapshotPattern(data.Pattern.OverallPercent, Item(data.Pattern.Weekday), Item(data.Pattern.Lesson), Item(data.Pattern.Subject))
                : null,
            SuggestedLevel = kind == CaseDocumentKind.Bilaga3Analys ? data.SuggestedLevel : null,
        };

        static SnapshotPatternItem? Item(PatternItem? i) =>
            i is null ? null : new SnapshotPatternItem(i.Label, i.AbsencePercent, i.InvalidPercent, i.ShareOfAbsence, i.StandsOut);
    }

    /// <summary>The snapshot as stored: the same facts give the same text, byte for byte.</summary>
    public string Serialize() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads a stored snapshot of format <paramref name="version"/>.</summary>
    /// <exception cref="DocumentSnapshotException">an unknown format or text that is not a snapshot.</exception>
    public static DocumentSnapshot Parse(string json, int version)
    {
        if (version != Version)
            throw new DocumentSnapshotException($"Snapshot format {version} is unknown (this version reads {Version}).");
        DocumentSnapshot? snapshot;
        try
        {
            snapshot = JsonSerializer.Deserialize<DocumentSnapshot>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new DocumentSnapshotException("The snapshot is not valid JSON of format 1: " + ex.Message, ex);
        }
        if (snapshot is null || snapshot.V != version || !Enum.IsDefined(snapshot.Kind))
            throw new DocumentSnapshotException("The snapshot does not describe a form of format 1.");
        if (snapshot.Kind != CaseDocumentKind.Bilaga2Kartlaggning && snapshot.Figures is null)
            throw new DocumentSnapshotException($"The snapshot of {snapshot.Kind} lacks its figures.");
        if (snapshot.Kind == CaseDocumentKind.Bilaga1Checklist && snapshot.Pattern is null)
            throw new DocumentSnapshotException("The snapshot of Bilaga 1 lacks its pattern.");
        return snapshot;
    }

    /// <summary>Hex SHA-256 of the text's UTF-8 bytes, as stored in <see cref="CaseDocument.Sha256"/>.</summary>
    public static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    /// <summary>
    /// The PDF, rendered from the snapshot alone: the same snapshot gives the same text (and the same bytes, the
    /// PDF's creation date being the snapshot's).
    /// </summary>
    public RenderedDocument Render()
    {
        var p = Pupil;
        var header = new PupilDocumentHeader(p.Id, p.ExternalId, p.Name, p.ClassName, p.MentorName, p.SchoolId, p.SchoolName, p.OrganisationName);
        var figures = Figures is { } f
            ? new PeriodFigures(f.From, f.To, f.SchoolDays, f.AbsencePercent, f.InvalidPercent, f.LateArrivals, f.WholeDaysAbsent)
            : null;
        var content = Kind switch
        {
            CaseDocumentKind.Bilaga1Checklist => ChecklistDocument.Render(new ChecklistModel(header, figures, Pattern!.ToPattern(), CreatedAtUtc)),
            CaseDocumentKind.Bilaga2Kartlaggning => SkolsocialKartlaggningDocument.Render(new KartlaggningModel(header, CreatedAtUtc)),
            CaseDocumentKind.Bilaga3Analys => AnalysDocument.Render(new AnalysModel(header, figures, null, SuggestedLevel, CreatedAtUtc)),
            _ => throw new DocumentSnapshotException($"No form of kind {Kind}."),
        };
        return new RenderedDocument(PupilDocuments.FileName(Kind, p.ExternalId, AsOf), content);
    }
}

/// <summary>Who the form is about, as printed at its top.</summary>
public sealed record SnapshotPupil(
    [property: JsonPropertyOrder(0)] int Id,
    [property: JsonPropertyOrder(1)] string ExternalId,
    [property: JsonPropertyOrder(2)] string Name,
    [property: JsonPropertyOrder(3)] string ClassName,
    [property: JsonPropertyOrder(4)] int SchoolId,
    [property: JsonPropertyOrder(5)] string SchoolName,
    [property: JsonPropertyOrder(6)] string OrganisationName,
    // Last and optional: a pupil without a mentor has none, and the name is then left out.
    [property: JsonPropertyOrder(7)] string? MentorName = null);

/// <summary>The period's figures (the rolling window ending with D).</summary>
public sealed record SnapshotFigures(
    [property: JsonPropertyOrder(0)] DateOnly From,
    [property: JsonPropertyOrder(1)] DateOnly To,
    [property: JsonPropertyOrder(2)] int SchoolDays,
    [property: JsonPropertyOrder(3)] double AbsencePercent,
    [property: JsonPropertyOrder(4)] double InvalidPercent,
    [property: JsonPropertyOrder(5)] int LateArrivals,
    [property: JsonPropertyOrder(6)] int WholeDaysAbsent);

/// <summary>The findings of Bilaga 1 question 5.</summary>
public sealed record SnapshotPattern(
    [property: JsonPropertyOrder(0)] double OverallPercent,
    [property: JsonPropertyOrder(1)] SnapshotPatternItem? Weekday = null,
    [property: JsonPropertyOrder(2)] SnapshotPatternItem? Lesson = null,
    [property: JsonPropertyOrder(3)] SnapshotPatternItem? Subject = null)
{
    public AbsencePattern ToPattern() => new(OverallPercent, Weekday?.ToItem(), Lesson?.ToItem(), Subject?.ToItem());
}

public sealed record SnapshotPatternItem(
    [property: JsonPropertyOrder(0)] string Label,
    [property: JsonPropertyOrder(1)] double AbsencePercent,
    [property: JsonPropertyOrder(2)] double InvalidPercent,
    [property: JsonPropertyOrder(3)] double ShareOfAbsence,
    [property: JsonPropertyOrder(4)] bool StandsOut)
{
    public PatternItem ToItem() => new(Label, AbsencePercent, InvalidPercent, ShareOfAbsence, StandsOut);
}

/// <summary>A stored snapshot that cannot be read (unknown format, damaged text).</summary>
public sealed class DocumentSnapshotException(string message, Exception? inner = null) : Exception(message, inner);
