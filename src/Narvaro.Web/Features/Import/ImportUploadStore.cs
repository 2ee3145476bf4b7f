using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Narvaro.Web.Features.Import;

/// <summary>What was recorded about an uploaded file when it was stored.</summary>
public sealed record StoredUpload(
    string Id, string UserId, ImportKind Kind, string FileName, long Size, string Sha256, DateTimeOffset UploadedAt);

/// <summary>
/// Keeps uploaded files between preview and commit in a private folder (never under wwwroot): one
/// <c>{id}.csv</c> and one <c>{id}.json</c> with who uploaded it, its kind and SHA-256. Ids are random, and an
/// upload is only ever found for the user who made it.
/// </summary>
public sealed class ImportUploadStore(IOptions<ImportOptions> options, TimeProvider clock, ILogger<ImportUploadStore> logger)
{
    private const int IdLength = 32;
    private static readonly UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private static readonly UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private ImportOptions Options => options.Value;

    /// <summary>Streams the file to the store while hashing it, after deleting uploads that have expired.</summary>
    public async Task<StoredUpload> SaveAsync(
        string userId, ImportKind kind, string fileName, Stream content, CancellationToken cancellationToken = default)
    {
        var directory = EnsureDirectory();
        DeleteExpired(directory);

        var id = RandomNumberGenerator.GetHexString(IdLength, lowercase: true);
        var partPath = Path.Combine(directory, id + ".part");
        long size;
        byte[] hash;
        try
        {
            await using (var target = new FileStream(partPath, CreateOptions()))
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                size = target.Length;
                hash = sha.GetHashAndReset();
            }

            var upload = new StoredUpload(id, userId, kind, Path.GetFileName(fileName), size,
                Convert.ToHexStringLower(hash), clock.GetUtcNow());
            await using (var metadata = new FileStream(MetadataPath(directory, id), CreateOptions()))
                await JsonSerializer.SerializeAsync(metadata, upload, cancellationToken: cancellationToken);
            File.Move(partPath, DataPath(directory, id));
            return upload;
        }
        catch
        {
            File.Delete(partPath);
            File.Delete(MetadataPath(directory, id));
            throw;
        }
    }

    /// <summary>The user's upload with this id, or null when it is unknown, someone else's, expired or already used.</summary>
    public StoredUpload? Find(string? id, string userId)
    {
        if (!IsWellFormedId(id)) return null;
        var directory = Options.ResolvedUploadPath;
        if (!File.Exists(DataPath(directory, id!))) return null;
        var upload = ReadMetadata(directory, id!);
        if (upload is null || upload.UserId != userId) return null;
        if (IsExpired(upload))
        {
            DeleteFiles(directory, id!);
            return null;
        }
        return upload;
    }

    public Stream OpenRead(StoredUpload upload) =>
        new FileStream(DataPath(Options.ResolvedUploadPath, upload.Id), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>
    /// Takes the user's upload out of the store for importing: the file is renamed first, so of two concurrent
    /// commits of the same id only one gets it. Null when there is nothing (any more) to claim.
    /// </summary>
    public ClaimedUpload? Claim(string? id, string userId)
    {
        var upload = Find(id, userId);
        if (upload is null) return null;
        var directory = Options.ResolvedUploadPath;
        var claimedPath = Path.Combine(directory, upload.Id + ".claimed");
        try
        {
            File.Move(DataPath(directory, upload.Id), claimedPath);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        File.Delete(MetadataPath(directory, upload.Id));
        // The expiry sweep goes by this time for a claimed file: not while its import runs.
        File.SetLastWriteTimeUtc(claimedPath, clock.GetUtcNow().UtcDateTime);
        return new ClaimedUpload(upload, claimedPath);
    }

    /// <summary>Deletes the user's upload; false when there was none.</summary>
    public bool Delete(string? id, string userId)
    {
        var upload = Find(id, userId);
        if (upload is null) return false;
        DeleteFiles(Options.ResolvedUploadPath, upload.Id);
        return true;
    }

    private void DeleteExpired(string directory)
    {
        var limit = clock.GetUtcNow() - Options.UploadLifetime;
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var id = Path.GetFileNameWithoutExtension(path);
            if (!IsWellFormedId(id)) continue;
            var expired = Path.GetExtension(path) == ".json"
                ? ReadMetadata(directory, id) is not { } upload || upload.UploadedAt < limit
                : File.GetLastWriteTimeUtc(path) < limit.UtcDateTime && !File.Exists(MetadataPath(directory, id));
            if (!expired) continue;
            logger.LogInformation("Deleting expired import upload {UploadId}.", id);
            DeleteFiles(directory, id);
        }
    }

    private bool IsExpired(StoredUpload upload) => upload.UploadedAt + Options.UploadLifetime < clock.GetUtcNow();

    private static StoredUpload? ReadMetadata(string directory, string id)
    {
        try
        {
            using var stream = File.OpenRead(MetadataPath(directory, id));
            return JsonSerializer.Deserialize<StoredUpload>(stream);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    private static void DeleteFiles(string directory, string id)
    {
        foreach (var extension in new[] { ".csv", ".json", ".part", ".claimed" })
            File.Delete(Path.Combine(directory, id + extension));
    }

    private string EnsureDirectory()
    {
        var directory = Options.ResolvedUploadPath;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(directory);
        else
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        return directory;
    }

    private static FileStreamOptions CreateOptions()
    {
        var result = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, BufferSize = 81920,
        };
        if (!OperatingSystem.IsWindows())
            result.UnixCreateMode = OwnerOnlyFile;
        return result;
    }

    // Ids come from form fields and URLs: only our own format ever becomes part of a path.
    private static bool IsWellFormedId(string? id) =>
        id is { Length: IdLength } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static string DataPath(string directory, string id) => Path.Combine(directory, id + ".csv");
    private static string MetadataPath(string directory, string id) => Path.Combine(directory, id + ".json");
}

/// <summary>An upload taken out of the store for importing; disposing deletes the file.</summary>
public sealed class ClaimedUpload(StoredUpload upload, string path) : IDisposable
{
    public StoredUpload Upload { get; } = upload;

    public Stream OpenRead() =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>True when the file still has the SHA-256 recorded at upload.</summary>
    public async Task<bool> IsUnchangedAsync(CancellationToken cancellationToken)
    {
        await using var stream = OpenRead();
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash) == Upload.Sha256;
    }

    public void Dispose() => File.Delete(path);
}
