using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Escalation;

/// <summary>
/// The evaluation's writes, as prepared commands re-bound per row inside the evaluation's transaction
/// (tens of thousands of rows on the first night of a large huvudman).
/// </summary>
internal sealed class EscalationWriter : IAsyncDisposable
{
    private readonly DbCommand _insertCase;
    private readonly DbCommand _updateCase;
    private readonly DbCommand _insertTask;
    private readonly DbCommand _insertEvent;
    private readonly DateTime _nowUtc;

    public EscalationWriter(NarvaroDbContext db, DateTime nowUtc)
    {
        _nowUtc = nowUtc;
        var sqlite = db.Database.IsSqlite();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The escalation writer must run inside a transaction.");

        _insertCase = Create(connection, transaction, sqlite
            ? """
              INSERT INTO "Cases" ("PupilId", "OpenedOn", "Step", "ContinuousInvalid", "LateLevel", "ConcernRemains")
              VALUES (@pupil, @opened, @step, @continuous, @late, 0) RETURNING "Id"
              """
            : """
              INSERT INTO "Cases" ("PupilId", "OpenedOn", "Step", "ContinuousInvalid", "LateLevel", "ConcernRemains")
              OUTPUT INSERTED."Id" VALUES (@pupil, @opened, @step, @continuous, @late, 0)
              """,
            "@pupil", "@opened", "@step", "@continuous", "@late");
        _updateCase = Create(connection, transaction, """
            UPDATE "Cases" SET "Step" = @step, "ContinuousInvalid" = @continuous, "LateLevel" = @late
            WHERE "Id" = @id AND "ClosedOn" IS NULL
            """, "@id", "@step", "@continuous", "@late");
        _insertTask = Create(connection, transaction, """
            INSERT INTO "Tasks" ("PupilId", "CaseId", "Code", "Role", "RaisedOn", "Due", "Status")
            VALUES (@pupil, @case, @code, @role, @raised, @due, 0)
            """, "@pupil", "@case", "@code", "@role", "@raised", "@due");
        _insertEvent = Create(connection, transaction, """
            INSERT INTO "CaseEvents" ("CaseId", "On", "AtUtc", "Kind", "Text", "UserId")
            VALUES (@case, @on, @at, @kind, @text, NULL)
            """, "@case", "@on", "@at", "@kind", "@text");
    }

    public async Task<int> OpenCaseAsync(int pupilId, DateOnly on, CaseState state, CancellationToken cancellationToken)
    {
        Bind(_insertCase, pupilId, on, state.Step, state.ContinuousInvalid, state.LateLevel);
        return Convert.ToInt32(await _insertCase.ExecuteScalarAsync(cancellationToken));
    }

    public async Task UpdateCaseAsync(int caseId, CaseState state, CancellationToken cancellationToken)
    {
        Bind(_updateCase, caseId, state.Step, state.ContinuousInvalid, state.LateLevel);
        if (await _updateCase.ExecuteNonQueryAsync(cancellationToken) != 1)
            throw new DbUpdateConcurrencyException($"Case {caseId} was closed while it was being evaluated.");
    }

    public Task RaiseTaskAsync(int pupilId, int? caseId, string code, TaskRole role, DateOnly raisedOn, DateOnly due, CancellationToken cancellationToken)
    {
        Bind(_insertTask, pupilId, (object?)caseId ?? DBNull.Value, code, role.ToString(), raisedOn, due);
        return _insertTask.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task AddEventAsync(int caseId, DateOnly on, CaseEventKind kind, string text, CancellationToken cancellationToken)
    {
        Bind(_insertEvent, caseId, on, _nowUtc, (int)kind, text);
        return _insertEvent.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _insertCase.DisposeAsync();
        await _updateCase.DisposeAsync();
        await _insertTask.DisposeAsync();
        await _insertEvent.DisposeAsync();
    }

    private static DbCommand Create(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static void Bind(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
    }
}
