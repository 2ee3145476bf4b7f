using Narvaro.Documents;

namespace Narvaro.Tests.Documents;

/// <summary>Models of the documents with known values, for the rendering tests.</summary>
public static class DocumentSamples
{
    public static readonly DateTime Created = new(2026, 10, 31, 2, 0, 0, DateTimeKind.Utc);

    public static PupilDocumentHeader Pupil => new(
        PupilId: 7, ExternalId: "E-4711", PupilName: "Åsa Öberg-Ängström", ClassName: "8Ä", MentorName: "René Sjöström",
        SchoolId: 3, SchoolName: "Tofsvipans skola", OrganisationName: "Trosa kommun");

    public static PeriodFigures Figures => new(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 30),
        SchoolDays: 22, AbsencePercent: 17.25, InvalidPercent: 6.5, LateArrivals: 4, WholeDaysAbsent: 2);

    public static AbsencePattern Pattern => new(17.25,
        new PatternItem("måndag", 48.0, 20.0, 55.0, true),
        new PatternItem("lektionen kl. 08:00", 30.0, 12.0, 35.0, false),
        new PatternItem("Idrott och hälsa", 62.5, 40.0, 41.0, true));
}
