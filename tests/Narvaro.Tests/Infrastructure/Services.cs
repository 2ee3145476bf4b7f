using Microsoft.Extensions.Logging.Abstractions;
using Narvaro.Absence;
using Narvaro.Data;
using Narvaro.Escalation;

namespace Narvaro.Tests.Infrastructure;

/// <summary>The core services wired by hand on one context, as the DI container would for one scope.</summary>
public static class Services
{
    public static MeasureService Measures(NarvaroDbContext db) => new(db, new AttendanceDayQuery(db));

    public static StaircaseEvaluator Evaluator(NarvaroDbContext db, TimeProvider? clock = null) =>
        new(db, Measures(db), new AttendanceDayQuery(db), clock ?? TimeProvider.System, NullLogger<StaircaseEvaluator>.Instance);

    public static WeeklyTalkService WeeklyTalks(NarvaroDbContext db, TimeProvider? clock = null) =>
        new(db, new CaseService(db, clock ?? TimeProvider.System), new Audit.AuditTrail(db, clock ?? TimeProvider.System), clock ?? TimeProvider.System);
}

/// <summary>A clock stopped at one instant.</summary>
public sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
