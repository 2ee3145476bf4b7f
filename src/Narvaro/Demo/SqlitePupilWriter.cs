using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Demo;

/// <summary>
/// Inserts pupils and guardians on SQLite with prepared, re-bound commands and explicit pupil ids: about ten times
/// faster than EF's change tracker, which needs a round trip per generated key. Runs in the caller's transaction.
/// </summary>
internal sealed class SqlitePupilWriter : IDisposable
{
    private readonly DbCommand _pupil;
    private readonly DbCommand _guardian;
    private int _nextId;

    private SqlitePupilWriter(DbCommand pupil, DbCommand guardian, int firstId) =>
        (_pupil, _guardian, _nextId) = (pupil, guardian, firstId);

    public static SqlitePupilWriter Create(NarvaroDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("SqlitePupilWriter must run inside a transaction.");

        int firstId;
        using (var max = connection.CreateCommand())
        {
            max.Transaction = transaction;
            // Pupils.Id is AUTOINCREMENT: stay above both the largest id and any id handed out before.
            max.CommandText = """
                SELECT MAX(COALESCE((SELECT MAX("Id") FROM "Pupils"), 0),
                           COALESCE((SELECT "seq" FROM sqlite_sequence WHERE "name" = 'Pupils'), 0)) + 1
                """;
            firstId = Convert.ToInt32(max.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var pupil = PreparedCommand.Create(connection, transaction, """
            INSERT INTO "Pupils" ("Id", "ExternalId", "FirstName", "LastName", "GradeLevel", "SchoolId", "ClassId",
                                  "MentorId", "PersonalIdentityNumber", "ProtectedIdentity")
            VALUES ($id, $external, $first, $last, $grade, $school, $class, $mentor, $pin, $protected)
            """, "$id", "$external", "$first", "$last", "$grade", "$school", "$class", "$mentor", "$pin", "$protected");
        var guardian = PreparedCommand.Create(connection, transaction, """
            INSERT INTO "Guardians" ("PupilId", "Name", "Phone", "Email") VALUES ($pupil, $name, $phone, $email)
            """, "$pupil", "$name", "$phone", "$email");
        return new SqlitePupilWriter(pupil, guardian, firstId);
    }

    /// <summary>Inserts the pupil and its guardians; returns the pupil's new id.</summary>
    public int Insert(Pupil pupil)
    {
        var id = _nextId++;
        var p = _pupil.Parameters;
        p[0].Value = id;
        p[1].Value = pupil.ExternalId;
        p[2].Value = pupil.FirstName;
        p[3].Value = pupil.LastName;
        p[4].Value = pupil.GradeLevel;
        p[5].Value = pupil.SchoolId;
        p[6].Value = pupil.ClassId;
        p[7].Value = (object?)pupil.MentorId ?? DBNull.Value;
        p[8].Value = (object?)pupil.PersonalIdentityNumber ?? DBNull.Value;
        p[9].Value = pupil.ProtectedIdentity ? 1 : 0;
        _pupil.ExecuteNonQuery();

        var g = _guardian.Parameters;
        foreach (var guardian in pupil.Guardians)
        {
            g[0].Value = id;
            g[1].Value = guardian.Name;
            g[2].Value = (object?)guardian.Phone ?? DBNull.Value;
            g[3].Value = (object?)guardian.Email ?? DBNull.Value;
            _guardian.ExecuteNonQuery();
        }
        return id;
    }

    public void Dispose()
    {
        _pupil.Dispose();
        _guardian.Dispose();
    }
}
