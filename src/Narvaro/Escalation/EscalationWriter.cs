using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Escalation;

/// <summary>
/// The evaluation's writes, as prepared commands re-bound per row inside the evaluation's transaction
/// (tens of thousands of rows on the first night of a large huvudman). Synchronous on purpose:
/// Microsoft.Data.Sqlite has no real async I/O, and a Task per row costs more than the insert.
/// On PostgreSQL the new rows are collected and written by COPY in <see cref="Flush"/>
/// (<see cref="PostgreSqlEscalationRows"/>); only the update of an existing case is a statement of its own.
/// </summary>
internal sealed class EscalationWriter : IAsyncDisposable
{
    private readonly DbCommand? _insertCase;
    private readonly DbCommand _updateCase;
    private readonly DbCommand? _insertTask;
    private readonly DbCommand? _insertEvent;
    private readonly PostgreSqlEscalationRows? _postgres;
    private readonly DateTime _nowUtc;

    public EscalationWriter(NarvaroDbContext db, DateTime nowUtc)
    {
        _nowUtc = nowUtc;
        var returning = !db.Database.IsSqlServer();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The escalation writer must run inside a transaction.");
        _updateCase = PreparedCommand.Create(connection, transaction, """
            UPDATE "Cases" SET "Step" = @step, "ContinuousInvalid" = @continuous, "LateLevel" = @late
            WHERE "Id" = @id AND "ClosedOn" IS NULL
            """, "@id", "@step", "@continuous", "@late");
        if (db.Database.IsNpgsql())
        {
            _postgres = new PostgreSqlEscalationRows((Npgsql.NpgsqlConnection)connection);
            return;
        }

        _insertCase = PreparedCommand.Create(connection, transaction, returning
            ? """
              INSERT INTO "Cases" ("PupilId", "OpenedOn", "Step", "ContinuousInvalid", "LateLevel", "ConcernRemains", "Version")
              VALUES (@pupil, @opened, @step, @continuous, @late, @concern, 0) RETURNING "Id"
              """
            : """
              INSERT INTO "Cases" ("PupilId", "OpenedOn", "Step", "ContinuousInvalid", "LateLevel", "ConcernRemains", "Version")
              OUTPUT INSERTED."Id" VALUES (@pupil, @opened, @step, @continuous, @late, @concern, 0)
              """,
            "@pupil", "@opened", "@step", "@continuous", "@late", "@concern");
        _insertTask = PreparedCommand.Create(connection, transaction, """
            INSERT INTO "Tasks" ("PupilId", "CaseId", "Code", "Role", "RaisedOn", "Due", "Status")
            VALUES (@pupil, @case, @code, @role, @raised, @due, 0)
            """, "@pupil", "@case", "@code", "@role", "@raised", "@due");
        _insertEvent = PreparedCommand.Create(connection, transaction, """
            INSERT INTO "CaseEvents" ("CaseId", "On", "AtUtc", "Kind", "Text", "UserId")
            VALUES (@case, @on, @at, @kind, @text, NULL)
            """, "@case", "@on", "@at", "@kind", "@text");
    }

    public int OpenCase(int pupilId, DateOnly on, CaseState state)
    {
        if (_postgres is not null) return _postgres.OpenCase(pupilId, on, state);
        PreparedCommand.Bind(_insertCase!, pupilId, on, state.Step, state.ContinuousInvalid, state.LateLevel, false);
        return Convert.ToInt32(_insertCase!.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void UpdateCase(int caseId, CaseState state)
    {
        PreparedCommand.Bind(_updateCase, caseId, state.Step, state.ContinuousInvalid, state.LateLevel);
        if (_updateCase.ExecuteNonQuery() != 1)
            throw new DbUpdateConcurrencyException($"Case {caseId} was closed while it was being evaluated.");
    }

    public void RaiseTask(int pupilId, int? caseId, string code, TaskRole role, DateOnly raisedOn, DateOnly due)
    {
        if (_postgres is not null)
        {
            _postgres.RaiseTask(pupilId, caseId, code, role.ToString(), raisedOn, due);
            return;
        }
        PreparedCommand.Bind(_insertTask!, pupilId, (object?)caseId ?? DBNull.Value, code, role.ToString(), raisedOn, due);
        _insertTask!.ExecuteNonQuery();
    }

    public void AddEvent(int caseId, DateOnly on, CaseEventKind kind, string text)
    {
        if (_postgres is not null)
        {
            _postgres.AddEvent(caseId, on, _nowUtc, (int)kind, text);
            return;
        }
        PreparedCommand.Bind(_insertEvent!, caseId, on, _nowUtc, (int)kind, text);
        _insertEvent!.ExecuteNonQuery();
    }

    /// <summary>Writes what is still collected (PostgreSQL); the other providers have written every row already.</summary>
    public void Flush() => _postgres?.Flush();

    public async ValueTask DisposeAsync()
    {
        if (_insertCase is not null) await _insertCase.DisposeAsync();
        await _updateCase.DisposeAsync();
        if (_insertTask is not null) await _insertTask.DisposeAsync();
        if (_insertEvent is not null) await _insertEvent.DisposeAsync();
    }
}
