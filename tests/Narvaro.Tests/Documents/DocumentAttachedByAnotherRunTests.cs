using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Documents;

/// <summary>
/// Another nightly run attaches a form between this run's read of the existing documents and its save, on real
/// SQLite with two contexts: the unique (case, kind) key refuses this run's copy, the attacher keeps the other run's
/// document, logs it and goes on with the rest. The interleaving is forced by an interceptor, not left to timing.
/// </summary>
public class DocumentAttachedByAnotherRunTests : IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 10, 30);
    private const string OtherRunFileName = "other-run.pdf";
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var days = SchoolBuilder.Weekdays(new DateOnly(2026, 10, 1), AsOf).ToList();
        // Whole days absent out of 22: 6 → step 5, 4 → step 4, 3 → step 3: 3 + 3 + 1 = 7 forms to attach.
        foreach (var (id, absentDays) in new[] { ("HOG-1", 6), ("MID-2", 4), ("LAG-3", 3) })
        {
            var pupil = b.Pupil(id);
            for (var n = 0; n < days.Count; n++)
                b.Day(pupil, days[n], n % 3 == 0 && n / 3 < absentDays ? Enumerable.Repeat(AttendanceType.Valid, 5).ToArray() : []);
        }
        await using var db = _database.CreateContext();
        await b.SaveAsync(db);
        await Services.Evaluator(db).EvaluateAsync(AsOf, "test");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AttachAsync_OtherRunSavesTheSameFormsFirst_SkipsThemAndAttachesTheRest()
    {
        // The other run wins the 1st and the 4th form this run tries to save.
        var otherRun = new OtherRunInterceptor(_database, winsOnSaves: [1, 4]);
        var options = new DbContextOptionsBuilder<Narvaro.Data.NarvaroDbContext>(_database.Options).AddInterceptors(otherRun).Options;
        await using var db = new Narvaro.Data.NarvaroDbContext(options);
        var logger = new ListLogger<CaseDocumentAttacher>();
        var attacher = new CaseDocumentAttacher(db, new DocumentDataService(db, Services.Measures(db), new ListLogger<DocumentDataService>()),
            TimeProvider.System, logger);

        var attached = await attacher.AttachAsync(AsOf);

        Assert.Equal(7, otherRun.Saves);
        Assert.Equal(2, otherRun.Won.Count);
        Assert.Equal(5, attached);
        await using var check = _database.CreateContext();
        var documents = await check.CaseDocuments.Select(d => new { d.CaseId, d.Kind, d.FileName }).ToListAsync();
        Assert.Equal(7, documents.Count);
        Assert.All(documents.GroupBy(d => (d.CaseId, d.Kind)), g => Assert.Single(g));
        // Theirs stands where the other run was first; this run's everywhere else.
        Assert.Equal(otherRun.Won.Order(), documents.Where(d => d.FileName == OtherRunFileName).Select(d => (d.CaseId, d.Kind)).Order());
        var skipped = logger.Entries.Where(e => e.Message.Contains("another run attached it", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, skipped.Count);
        Assert.All(skipped, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);

        // A second run finds every form there and attaches nothing.
        await using var again = _database.CreateContext();
        var second = new CaseDocumentAttacher(again, new DocumentDataService(again, Services.Measures(again), new ListLogger<DocumentDataService>()),
            TimeProvider.System, new ListLogger<CaseDocumentAttacher>());
        Assert.Equal(0, await second.AttachAsync(AsOf));
    }

    /// <summary>
    /// Before the attacher's context saves the n-th new document (n in <c>winsOnSaves</c>), inserts a document for
    /// the same (case, kind) from a context of its own, as a concurrent nightly run would.
    /// </summary>
    private sealed class OtherRunInterceptor(TestDatabase database, int[] winsOnSaves) : SaveChangesInterceptor
    {
        public int Saves { get; private set; }
        public List<(int CaseId, CaseDocumentKind Kind)> Won { get; } = [];

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var added = eventData.Context!.ChangeTracker.Entries<CaseDocument>()
                .Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            foreach (var document in added)
            {
                Saves++;
                if (!winsOnSaves.Contains(Saves)) continue;
                await using var other = database.CreateContext();
                other.CaseDocuments.Add(new CaseDocument
                {
                    CaseId = document.CaseId, Kind = document.Kind, Step = document.Step, FileName = OtherRunFileName,
                    Content = [1, 2, 3], SizeBytes = 3, Sha256 = "other", AsOf = document.AsOf, CreatedAtUtc = document.CreatedAtUtc,
                });
                await other.SaveChangesAsync(cancellationToken);
                Won.Add((document.CaseId, document.Kind));
            }
            return result;
        }

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
            throw new InvalidOperationException("The attacher saves asynchronously.");
    }
}
