namespace Narvaro.Cli.Commands;

// PLACEHOLDER: replaced by the import work in progress.
public sealed class ImportCommand : ICliCommand
{
    public string Name => "import";
    public string Usage => "import";

    public Task<int> RunAsync(CliArgs args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
