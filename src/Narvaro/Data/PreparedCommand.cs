using System.Data.Common;

namespace Narvaro.Data;

/// <summary>A prepared command with named parameters, re-bound per row by the bulk writers.</summary>
internal static class PreparedCommand
{
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
        // Npgsql prepares from the parameters' values (their types), so it prepares on the first bind.
        if (command is not Npgsql.NpgsqlCommand)
            command.Prepare();
        return command;
    }

    /// <summary>Sets the parameters in the order they were named.</summary>
    public static void Bind(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
        if (command is Npgsql.NpgsqlCommand { IsPrepared: false } npgsql)
            npgsql.Prepare();
    }
}
