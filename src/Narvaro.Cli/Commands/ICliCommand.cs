namespace Narvaro.Cli.Commands;

/// <summary>One verb of the narvaro command. Returns the process exit code.</summary>
public interface ICliCommand
{
    string Name { get; }
    /// <summary>One usage line, e.g. "migrate".</summary>
    string Usage { get; }
    /// <summary>Whether a successful run changes data: then it is audited (who ran it is the operator; the log says what).</summary>
    bool ChangesData => false;
    Task<int> RunAsync(CliArgs args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken);
}
