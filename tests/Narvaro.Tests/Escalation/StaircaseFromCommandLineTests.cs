using System.Text.Json;
using Narvaro.Cli;
using Narvaro.Domain;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Escalation;

/// <summary>The CLI contract of staircase-rules.md: nightly, measure and cases, as an outside checker sees them.</summary>
public class StaircaseFromCommandLineTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var days = SchoolBuilder.Weekdays(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 30)).ToList(); // 22 school days
        var absent = b.Pupil("B-2");
        for (var n = 0; n < days.Count; n++)
            b.Day(absent, days[n], n < 5 ? [AttendanceType.Valid, AttendanceType.Valid, AttendanceType.Valid, AttendanceType.Valid, AttendanceType.Valid] : []);
        var late = b.Pupil("A-1");
        for (var n = 0; n < days.Count; n++)
            b.Day(late, days[n], n < 3 ? [AttendanceType.Late] : [AttendanceType.Present, AttendanceType.Present, AttendanceType.Present, AttendanceType.Present, AttendanceType.NotReported]);
        await using var db = _database.CreateContext();
        await b.SaveAsync(db);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CommandLine.RunAsync(_database, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Measure_Json_EveryPupilSortedWithTheContractsFieldsInOrder()
    {
        var (code, output, _) = await Run("measure", "--as-of", "2026-10-30", "--format", "json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var pupils = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["A-1", "B-2"], pupils.Select(p => p.GetProperty("pupilId").GetString()));
        Assert.Equal(
            ["pupilId", "evaluated", "schoolDays", "offeredMinutes", "reportedMinutes", "absentMinutes", "absencePercent",
             "invalidPercent", "coveragePercent", "lateArrivals", "invalidStreakDays"],
            pupils[0].EnumerateObject().Select(p => p.Name));

        // 22 days × 300 min offered; the fifth lesson unreported on 19 days; three 10-minute late arrivals.
        var a = pupils[0];
        Assert.True(a.GetProperty("evaluated").GetBoolean());
        Assert.Equal(22, a.GetProperty("schoolDays").GetInt32());
        Assert.Equal(6600, a.GetProperty("offeredMinutes").GetInt32());
        Assert.Equal(6600 - 19 * 60, a.GetProperty("reportedMinutes").GetInt32());
        Assert.Equal(30, a.GetProperty("absentMinutes").GetInt32());
        Assert.Equal(3, a.GetProperty("lateArrivals").GetInt32());
        Assert.Equal(JsonValueKind.Number, a.GetProperty("absencePercent").ValueKind);
        Assert.Equal(Math.Round(100.0 * 30 / 5460, 4), a.GetProperty("absencePercent").GetDouble());
        Assert.Equal(Math.Round(100.0 * 5460 / 6600, 4), a.GetProperty("coveragePercent").GetDouble());

        // B-2: 5 whole days of giltig absence out of 22: 22.7 %.
        var b = pupils[1];
        Assert.Equal(1500, b.GetProperty("absentMinutes").GetInt32());
        Assert.Equal(Math.Round(100.0 * 5 / 22, 4), b.GetProperty("absencePercent").GetDouble());
        Assert.Equal(0, b.GetProperty("invalidPercent").GetDouble());
        Assert.Equal(0, b.GetProperty("invalidStreakDays").GetInt32());
    }

    [Fact]
    public async Task NightlyThenCases_Json_OpenCasesWithTasksInPlanOrder()
    {
        var nightly = await Run("nightly", "--as-of", "2026-10-30");
        Assert.Equal(0, nightly.Code);
        Assert.Contains("2 nya ärenden", nightly.Out);

        var (code, output, _) = await Run("cases", "--format", "json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var cases = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["A-1", "B-2"], cases.Select(c => c.GetProperty("pupilId").GetString()));
        Assert.Equal(["pupilId", "step", "continuousInvalid", "late", "openedOn", "tasks"], cases[0].EnumerateObject().Select(p => p.Name));

        var late = cases[0];
        Assert.Equal(0, late.GetProperty("step").GetInt32());
        Assert.Equal(1, late.GetProperty("late").GetInt32());
        Assert.False(late.GetProperty("continuousInvalid").GetBoolean());
        Assert.Equal("2026-10-30", late.GetProperty("openedOn").GetString());
        var task = Assert.Single(late.GetProperty("tasks").EnumerateArray());
        Assert.Equal(["code", "role", "due", "status"], task.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("L1-CONTACT", "Mentor", "2026-11-02", "Open"),
            (task.GetProperty("code").GetString(), task.GetProperty("role").GetString(), task.GetProperty("due").GetString(), task.GetProperty("status").GetString()));

        var absent = cases[1];
        Assert.Equal(5, absent.GetProperty("step").GetInt32());
        Assert.Equal(
            ["S3-CHECKLIST", "S3-FOLLOWUP", "S4-INFORM-RECTOR", "S4-SKOLSOCIAL", "S4-HUVUDMAN", "S4-PEDAGOGISK", "S4-HALSOSAMTAL", "S4-EHT",
             "S5-SKOLCHEF", "S5-SST", "S5-WEEKLY"],
            absent.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("code").GetString()));
        Assert.Equal(["Mentor", "Mentor", "Mentor", "Rektor", "Rektor", "Specialpedagog", "Skolskoterska", "EHT", "Rektor", "Rektor", "Mentor"],
            absent.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("role").GetString()));

        // Running the same night again changes nothing.
        Assert.Contains("0 nya ärenden", (await Run("nightly", "--as-of", "2026-10-30")).Out);
        Assert.Equal(output, (await Run("cases", "--format", "json")).Out);
    }

    [Fact]
    public async Task Measure_WithoutAsOf_IsAUsageError()
    {
        var (code, _, error) = await Run("measure", "--format", "json");
        Assert.Equal(2, code);
        Assert.Contains("--as-of", error);
    }
}
