using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Data;

public class AttendanceWriterTests
{
    [Fact]
    public async Task UpsertAsync_RowWrittenByEf_IsReplacedNotDuplicated()
    {
        await using var database = await TestDatabase.CreateAsync();
        int pupilId;
        await using (var db = database.CreateContext())
        {
            var organisation = new Organisation { Name = "Testkommun" };
            var school = new School { Organisation = organisation, SchoolUnitCode = "12345678", Name = "Testskolan" };
            var schoolClass = new SchoolClass { School = school, Name = "7A" };
            var pupil = new Pupil { ExternalId = "E1", FirstName = "Åsa", LastName = "Öberg", GradeLevel = "7", School = school, Class = schoolClass };
            db.Add(pupil);
            db.Attendance.Add(new AttendanceRecord
            {
                Pupil = pupil, Date = new DateOnly(2026, 9, 1), Start = new TimeOnly(8, 0), End = new TimeOnly(9, 0),
                ScheduledMinutes = 60, Subject = "Matematik", AbsentMinutes = 0, Type = AttendanceType.Present,
            });
            await db.SaveChangesAsync();
            pupilId = pupil.Id;
        }

        await using (var db = database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var written = await AttendanceWriter.UpsertAsync(db,
            [
                new AttendanceRecord
                {
                    PupilId = pupilId, Date = new DateOnly(2026, 9, 1), Start = new TimeOnly(8, 0), End = new TimeOnly(9, 0),
                    ScheduledMinutes = 60, Subject = "Matematik", AbsentMinutes = 60, Type = AttendanceType.Invalid,
                },
                new AttendanceRecord
                {
                    PupilId = pupilId, Date = new DateOnly(2026, 9, 1), Start = new TimeOnly(9, 15), End = new TimeOnly(10, 0),
                    ScheduledMinutes = 45, Subject = "Svenska", AbsentMinutes = 10, Type = AttendanceType.Late,
                },
            ]);
            await transaction.CommitAsync();
            Assert.Equal(2, written);
        }

        await using (var db = database.CreateContext())
        {
            var rows = await db.Attendance.OrderBy(a => a.Start).ToListAsync();
            Assert.Equal(2, rows.Count);
            Assert.Equal(AttendanceType.Invalid, rows[0].Type);
            Assert.Equal(60, rows[0].AbsentMinutes);
            Assert.Equal(new TimeOnly(9, 15), rows[1].Start);
            Assert.Equal(AttendanceType.Late, rows[1].Type);
            // EF can still find the row the writer wrote by its key.
            Assert.NotNull(await db.Attendance.FindAsync(pupilId, new DateOnly(2026, 9, 1), new TimeOnly(9, 15)));
        }
    }

    [Fact]
    public async Task UpsertAsync_OutsideTransaction_Throws()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        await Assert.ThrowsAsync<InvalidOperationException>(() => AttendanceWriter.UpsertAsync(db, []));
    }

    [Fact]
    public async Task UpsertAsync_UnderACultureWithDotTimeSeparator_StoresEfsInvariantFormat()
    {
        await using var database = await TestDatabase.CreateAsync();
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("fi-FI"); // "HH.mm.ss"
        try
        {
            await using var db = database.CreateContext();
            var school = new School { Organisation = new Organisation { Name = "K" }, SchoolUnitCode = "12345679", Name = "S" };
            var pupil = new Pupil { ExternalId = "E2", FirstName = "A", LastName = "B", GradeLevel = "7", School = school, Class = new SchoolClass { School = school, Name = "7B" } };
            db.Add(pupil);
            await db.SaveChangesAsync();
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await AttendanceWriter.UpsertAsync(db,
                [
                    new AttendanceRecord
                    {
                        PupilId = pupil.Id, Date = new DateOnly(2026, 9, 2), Start = new TimeOnly(10, 30), End = new TimeOnly(11, 15),
                        ScheduledMinutes = 45, Subject = "Bild", Type = AttendanceType.Present,
                    },
                ]);
                await transaction.CommitAsync();
            }
            // SQLite stores the time as text (EF's invariant "HH:mm:ss"); PostgreSQL as a typed time, shown as text by
            // the server itself, so the same string proves the value was written whole, not through the culture.
            var stored = await db.Database.SqlQueryRaw<string>(db.Database.IsNpgsql()
                ? "SELECT \"Start\"::text AS \"Value\" FROM \"Attendance\""
                : "SELECT \"Start\" AS \"Value\" FROM \"Attendance\"").SingleAsync();
            Assert.Equal("10:30:00", stored);
            Assert.Equal(new TimeOnly(11, 15), (await db.Attendance.AsNoTracking().SingleAsync()).End);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
