using Hangfire;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Narvaro.Domain;
using Narvaro.Jobs;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Jobs;

/// <summary>The job status page's data when Hangfire is absent or does not answer: the runs are still there.</summary>
public sealed class JobStatusWithoutHangfireTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var at = new DateTime(2026, 11, 2, 1, 0, 0, DateTimeKind.Utc);
        db.EvaluationRuns.AddRange(Enumerable.Range(0, 3).Select(i => new EvaluationRun
        {
            AsOf = new DateOnly(2026, 11, 1).AddDays(i), StartedAtUtc = at.AddDays(i), FinishedAtUtc = at.AddDays(i).AddSeconds(2 + i),
            PupilsEvaluated = 10 + i, PupilsChanged = i, PupilsWithNewTasks = 2 * i, CasesOpened = i, TasksRaised = 3 * i,
            DocumentsAttached = 4 * i, Trigger = "nightly",
        }));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task LoadAsync_NoStorage_RunsNewestFirstAndHangfireNotConfigured()
    {
        await using var db = _database.CreateContext();
        var page = await new JobStatusService(db, NullLogger<JobStatusService>.Instance).LoadAsync();

        Assert.Equal([new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 1)], page.Runs.Select(r => r.AsOf));
        var newest = page.Runs[0];
        Assert.Equal((12, 2, 4, 2, 6, 8, TimeSpan.FromSeconds(4)),
            (newest.PupilsEvaluated, newest.PupilsChanged, newest.PupilsWithNewTasks, newest.CasesOpened, newest.TasksRaised, newest.DocumentsAttached, newest.Duration));
        Assert.Same(HangfireStatus.NotConfigured, page.Hangfire);
    }

    [Fact]
    public async Task LoadAsync_StorageThatFails_ShowsTheRunsAndSaysHangfireDidNotAnswer()
    {
        var storage = new Mock<JobStorage>();
        storage.Setup(s => s.GetMonitoringApi()).Throws(new InvalidOperationException("storage down"));
        await using var db = _database.CreateContext();

        var page = await new JobStatusService(db, NullLogger<JobStatusService>.Instance, storage.Object).LoadAsync();

        Assert.Equal(3, page.Runs.Count);
        Assert.False(page.Hangfire.Available);
        Assert.Empty(page.Hangfire.RecurringJobs);
        Assert.Equal("Hangfire svarade inte: bakgrundsjobbens status kunde inte läsas.", page.Hangfire.Problem);
    }
}
