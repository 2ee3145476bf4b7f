namespace Narvaro.Cli.Commands;

// PLACEHOLDER: replaced by the seed-demo work in progress.
public sealed class SeedDemoCommand : ICliCommand
{
    public string Name => "seed-demo";
    public string Usage => "seed-demo";

    public Task<int> RunAsync(CliArgs args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
