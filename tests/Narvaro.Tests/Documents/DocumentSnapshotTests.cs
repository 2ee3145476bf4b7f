using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Documents;

/// <summary>
/// October 2026 on real SQLite: the night stores each form as a snapshot of the facts as of D; the PDF rendered
/// from it is the same every time and keeps the figures of that night when the attendance changes later.
/// </summary>
public class DocumentSnapshotTests : IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 10, 30);
    private static readonly DateTimeOffset Night = new(2026, 10, 30, 22, 15, 7, 123, TimeSpan.Zero);
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var days = SchoolBuilder.Weekdays(new DateOnly(2026, 10, 1), AsOf).ToList();
        // Whole days absent out of 22: 6 → step 5, 4 → step 4; SKOLK-3 misses every Friday's first two lessons (a pattern).
        foreach (var (id, absentDays) in new[] { ("HOG-1", 6), ("MID-2", 4) })
        {
            var pupil = b.Pupil(id);
            for (var n = 0; n < days.Count; n++)
                b.Day(pupil, days[n], n % 3 == 0 && n / 3 < absentDays ? Enumerable.Repeat(AttendanceType.Invalid, 5).ToArray() : []);
        }
        var fridays = b.Pupil("SKOLK-3");
        foreach (var day in days)
            b.Day(fridays, day, day.DayOfWeek == DayOfWeek.Friday ? [AttendanceType.Invalid, AttendanceType.Invalid] : []);
        b.Pupil("TOM-4"); // no lessons at all
        await using var db = _database.CreateContext();
        await b.SaveAsync(db);
        await Services.Evaluator(db).EvaluateAsync(AsOf, "test");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static CaseDocumentAttacher Attacher(Narvaro.Data.NarvaroDbContext db) =>
        new(db, Data(db), new StoppedClock(Night), new ListLogger<CaseDocumentAttacher>());

    private static DocumentDataService Data(Narvaro.Data.NarvaroDbContext db) =>
        new(db, Services.Measures(db), new ListLogger<DocumentDataService>());

    private async Task<List<CaseDocument>> AttachedAsync()
    {
        await using (var db = _database.CreateContext())
            Assert.True(await Attacher(db).AttachAsync(AsOf) > 0);
        await using var check = _database.CreateContext();
        return await check.CaseDocuments.AsNoTracking().Include(d => d.Case).ThenInclude(c => c!.Pupil).ToListAsync();
    }

    [Fact]
    public async Task StoredSnapshot_RenderedTwice_SameTextSameBytesAndTheStoredHash()
    {
        var documents = await AttachedAsync();

        Assert.NotEmpty(documents);
        foreach (var d in documents)
        {
            Assert.Null(d.Content);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(d.Snapshot!))), d.Sha256);
            var first = DocumentSnapshot.Parse(d.Snapshot!, d.SnapshotVersion).Render();
            var second = DocumentSnapshot.Parse(d.Snapshot!, d.SnapshotVersion).Render();
            Assert.Equal(PdfReader.Text(first.Content), PdfReader.Text(second.Content));
            Assert.Equal(first.Content, second.Content);
            Assert.Equal(d.FileName, first.FileName);
            // The PDF is dated by the snapshot, not by the moment it is opened.
            Assert.Matches(@"CreationDate:\s+\S+ Oct 30 \d\d:15:07 2026", PdfReader.Info(first.Content));
        }
    }

    [Fact]
    public async Task StoredSnapshot_AttendanceChangedLater_StillPrintsTheFiguresOfThatNight()
    {
        var documents = await AttachedAsync();
        await using (var db = _database.CreateContext())
        {
            // Later the school corrects HOG-1's absence to present.
            var rows = await db.Attendance.Where(a => a.Pupil!.ExternalId == "HOG-1" && a.Type == AttendanceType.Invalid).ToListAsync();
            Assert.NotEmpty(rows);
            foreach (var row in rows) (row.Type, row.AbsentMinutes) = (AttendanceType.Present, 0);
            await db.SaveChangesAsync();
        }

        var stored = documents.Single(d => d.Case!.Pupil!.ExternalId == "HOG-1" && d.Kind == CaseDocumentKind.Bilaga1Checklist);
        var text = PdfReader.FlatText(DocumentSnapshot.Parse(stored.Snapshot!, stored.SnapshotVersion).Render().Content);
        await using var now = _database.CreateContext();
        var fresh = await new PupilDocuments(Data(now), new StoppedClock(Night))
            .RenderAsync(CaseDocumentKind.Bilaga1Checklist, stored.Case!.PupilId, AsOf);
        var freshText = PdfReader.FlatText(fresh!.Content);

        Assert.Contains("27,3 %", text);
        Assert.DoesNotContain("27,3 %", freshText);
        Assert.Contains("0,0 %", freshText);
    }

    [Fact]
    public async Task ForPupilsAsync_ManyPupilsAtOnce_SameFactsAsOnePupilAtATime()
    {
        await using var db = _database.CreateContext();
        var ids = await db.Pupils.Select(p => p.Id).ToListAsync();

        var batch = await Data(db).ForPupilsAsync([.. ids, 987654], AsOf);

        Assert.Equal(ids.Order(), batch.Keys.Order());
        foreach (var id in ids)
        {
            var single = (await Data(db).ForPupilAsync(id, AsOf))!;
            Assert.Equal(single.Header, batch[id].Header);
            Assert.Equal(single.Figures, batch[id].Figures);
            Assert.Equal(single.Pattern, batch[id].Pattern);
            Assert.Equal(single.SuggestedLevel, batch[id].SuggestedLevel);
        }
        // The data differ between the pupils, so the comparison above compared something.
        Assert.Equal(4, batch.Values.Select(d => d.Figures).Distinct().Count());
        Assert.True(batch.Values.Single(d => d.Header.ExternalId == "SKOLK-3").Pattern.Weekday is { StandsOut: true, Label: "fredag" });
    }

    [Fact]
    public void Serialize_FormatOne_FixedOrderInvariantNumbersAndLettersKept()
    {
        var data = new PupilDocumentData(
            new PupilDocumentHeader(7, "ÅSA-1", "Åsa Öberg", "8B", null, 3, "Tofsvipans skola", "Trosa kommun"),
            new PeriodFigures(new DateOnly(2026, 10, 1), AsOf, 22, 27.27272727272727, 0.1, 2, 6),
            new AbsencePattern(27.27272727272727, new PatternItem("fredag", 50, 50, 33.333333333333336, true), null, null),
            2);

        var json = DocumentSnapshot.From(CaseDocumentKind.Bilaga1Checklist, data, AsOf, Night.UtcDateTime).Serialize();

        Assert.Equal(
            """
            {"v":1,"kind":"Bilaga1Checklist","step":3,"asOf":"2026-10-30","createdAtUtc":"2026-10-30T22:15:07.123Z","pupil":{"id":7,"externalId":"ÅSA-1","name":"Åsa Öberg","className":"8B","schoolId":3,"schoolName":"Tofsvipans skola","organisationName":"Trosa kommun"},"figures":{"from":"2026-10-01","to":"2026-10-30","schoolDays":22,"absencePercent":27.27272727272727,"invalidPercent":0.1,"lateArrivals":2,"wholeDaysAbsent":6},"pattern":{"overallPercent":27.27272727272727,"weekday":{"label":"fredag","absencePercent":50,"invalidPercent":50,"shareOfAbsence":33.333333333333336,"standsOut":true}}}
            """,
            json);
        var parsed = DocumentSnapshot.Parse(json, 1);
        Assert.Equal(json, parsed.Serialize());
        Assert.Equal(DateTimeKind.Utc, parsed.CreatedAtUtc.Kind);
        // Bilaga 2 prints no figures, Bilaga 3 no pattern: the snapshot keeps only what the form prints.
        Assert.DoesNotContain("figures", DocumentSnapshot.From(CaseDocumentKind.Bilaga2Kartlaggning, data, AsOf, Night.UtcDateTime).Serialize());
        var analys = DocumentSnapshot.From(CaseDocumentKind.Bilaga3Analys, data, AsOf, Night.UtcDateTime).Serialize();
        Assert.DoesNotContain("pattern", analys);
        Assert.EndsWith("\"suggestedLevel\":2}", analys);
    }

    [Theory]
    [InlineData("""{"v":1,"kind":"Bilaga2Kartlaggning","step":4,"asOf":"2026-10-30","createdAtUtc":"2026-10-30T22:15:07Z","pupil":{"id":1,"externalId":"A","name":"A B","className":"8B","schoolId":1,"schoolName":"S","organisationName":"O"}}""", 2)]
    [InlineData("""{"v":1,"kind":"Bilaga1Checklist","step":3,"asOf":"2026-10-30","createdAtUtc":"2026-10-30T22:15:07Z","pupil":{"id":1,"externalId":"A","name":"A B","className":"8B","schoolId":1,"schoolName":"S","organisationName":"O"}}""", 1)]
    [InlineData("""{"v":1,"kind":"Bilaga9","step":3}""", 1)]
    [InlineData("""{"v":1,"kind":"Bilaga2Kartlaggning","extra":true}""", 1)]
    [InlineData("not json", 1)]
    public void Parse_UnknownFormatOrDamagedText_IsRefused(string json, int version)
    {
        Assert.Throws<DocumentSnapshotException>(() => DocumentSnapshot.Parse(json, version));
    }

    [Fact]
    public void Parse_Bilaga2OfFormatOne_RendersTheForm()
    {
        var json = """{"v":1,"kind":"Bilaga2Kartlaggning","step":4,"asOf":"2026-10-30","createdAtUtc":"2026-10-30T22:15:07Z","pupil":{"id":1,"externalId":"A-1","name":"Åsa Öberg","className":"8B","schoolId":1,"schoolName":"Tofsvipans skola","organisationName":"Trosa kommun"}}""";

        var rendered = DocumentSnapshot.Parse(json, 1).Render();

        Assert.Equal("Bilaga2-skolsocial-kartlaggning-A-1-2026-10-30.pdf", rendered.FileName);
        var text = PdfReader.FlatText(rendered.Content);
        Assert.Contains("Åsa Öberg", text);
        Assert.Contains("Tofsvipans skola", text);
    }
}
