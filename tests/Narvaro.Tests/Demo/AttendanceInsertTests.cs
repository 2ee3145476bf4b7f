using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Tests.Infrastructure;
using Npgsql;

namespace Narvaro.Tests.Demo;

public class AttendanceInsertTests
{
    private static AttendanceRecord Row(int pupilId, int hour, AttendanceType type = AttendanceType.Present) => new()
    {
        PupilId = pupilId, Date = new DateOnly(2026, 9, 1), Start = new TimeOnly(hour, 0), End = new TimeOnly(hour, 45),
        ScheduledMinutes = 45, Subject = "Svenska", AbsentMinutes = type == AttendanceType.Present ? 0 : 45, Type = type,
    };

    private static async Task<int> AddPupilAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var school = new School { Organisation = new Organisation { Name = "Testkommun" }, SchoolUnitCode = "12345678", Name = "Testskolan" };
        var pupil = new Pupil
        {
            ExternalId = "E1", FirstName = "Åsa", LastName = "Öberg", GradeLevel = "7", School = school,
            Class = new SchoolClass { School = school, Name = "7A" },
        };
        db.Add(pupil);
        await db.SaveChangesAsync();
        return pupil.Id;
    }

    [Fact]
    public async Task InsertNewAsync_NewRows_StoredAndReadableByEf()
    {
        await using var database = await TestDatabase.CreateAsync();
        var pupilId = await AddPupilAsync(database);
        await using (var db = database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(2, await AttendanceWriter.InsertNewAsync(db, [Row(pupilId, 8), Row(pupilId, 9, AttendanceType.Invalid)]));
            await transaction.CommitAsync();
        }
        await using var read = database.CreateContext();
        var stored = await read.Attendance.FindAsync(pupilId, new DateOnly(2026, 9, 1), new TimeOnly(9, 0));
        Assert.NotNull(stored);
        Assert.Equal(AttendanceType.Invalid, stored.Type);
        Assert.Equal(new TimeOnly(9, 45), stored.End);
    }

    [Fact]
    public async Task InsertNewAsync_ExistingKey_FailsAndRollsBack()
    {
        await using var database = await TestDatabase.CreateAsync();
        var pupilId = await AddPupilAsync(database);
        await using var db = database.CreateContext();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            Func<Task> insert = () => AttendanceWriter.InsertNewAsync(db, [Row(pupilId, 8), Row(pupilId, 8)]);
            if (db.Database.IsNpgsql())
                Assert.Equal(PostgresErrorCodes.UniqueViolation, (await Assert.ThrowsAsync<PostgresException>(insert)).SqlState);
            else
                Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(insert)).SqliteErrorCode); // SQLITE_CONSTRAINT
        }
        Assert.Equal(0, await db.Attendance.CountAsync());
    }

    [Fact]
    public async Task InsertNewAsync_OutsideTransaction_Throws()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        await Assert.ThrowsAsync<InvalidOperationException>(() => AttendanceWriter.InsertNewAsync(db, []));
    }
}
