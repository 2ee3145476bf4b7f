using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.Import;

/// <summary>The app with its own upload folder and a small upload limit, so an oversized file is cheap to send.</summary>
public sealed class ImportUploadFixture : IAsyncLifetime
{
    public const long MaxUploadBytes = 4096;

    public string UploadPath { get; } = NarvaroWebFactory.NewTempPath("narvaro-import-uploads", "");
    public NarvaroWebFactory Factory { get; }

    public ImportUploadFixture() =>
        Factory = NarvaroWebFactory.With(settings: new Dictionary<string, string?>
        {
            ["Import:UploadPath"] = UploadPath,
            ["Import:MaxUploadBytes"] = MaxUploadBytes.ToString(),
        });

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The stored files of one upload: {id}.csv and {id}.json.</summary>
    public string[] StoredFiles(string uploadId) =>
        Directory.Exists(UploadPath) ? Directory.GetFiles(UploadPath, uploadId + ".*") : [];

    public int StoredFileCount() => Directory.Exists(UploadPath) ? Directory.GetFiles(UploadPath).Length : 0;

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (Directory.Exists(UploadPath))
            Directory.Delete(UploadPath, recursive: true);
    }
}
