using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Features.Import;

/// <summary>Upload pupils.csv or attendance.csv, see what it would do, then commit or cancel.</summary>
[Route("admin/import")]
[Authorize(Policy = Policies.Admin)]
public sealed class ImportController(ImportService imports, IOptions<ImportOptions> options) : Controller
{
    private const string NoticeKey = "Import.Notice";
    private const string DoneKey = "Import.Done";

    public const string UploadGone =
        "Uppladdningen finns inte längre: den är redan importerad, avbruten eller för gammal. Ingenting importerades. Ladda upp filen igen.";
    public const string FileChanged =
        "Filen har ändrats sedan förhandsgranskningen och importerades inte. Ladda upp filen igen.";
    public const string Cancelled = "Importen är avbruten. Ingenting har ändrats i databasen.";
    public const string NoFile = "Välj en CSV-fil att ladda upp.";
    public const string EmptyFile = "Filen är tom. Välj en CSV-fil med rubrikrad och minst en rad.";

    [HttpGet("")]
    public IActionResult Index() => View(FormModel(new ImportUploadInputModel(), TempData[NoticeKey] as string));

    [HttpPost("ladda-upp"), ImportUploadLimit]
    public async Task<IActionResult> Upload(ImportUploadInputModel input, CancellationToken cancellationToken)
    {
        var fileKey = nameof(ImportUploadInputModel.File);
        if (input.File is null)
            ModelState.AddModelError(fileKey, NoFile);
        else if (input.File.Length == 0)
            ModelState.AddModelError(fileKey, EmptyFile);
        if (!ModelState.IsValid || input.Kind is not { } kind || input.File is null)
            return View(nameof(Index), FormModel(input, notice: null));

        var upload = await imports.StoreAsync(UserId, kind, input.File, cancellationToken);
        return RedirectToAction(nameof(Preview), new { id = upload.Id });
    }

    [HttpGet("forhandsgranska/{id}")]
    public async Task<IActionResult> Preview(string id, CancellationToken cancellationToken)
    {
        var preview = await imports.PreviewAsync(id, UserId, cancellationToken);
        if (preview is null) return NoticeAndBack(UploadGone);
        return View(preview);
    }

    [HttpPost("genomfor")]
    public async Task<IActionResult> Commit(string? uploadId, CancellationToken cancellationToken)
    {
        switch (await imports.CommitAsync(uploadId, UserId, cancellationToken))
        {
            case CommitOutcome.Imported imported:
                TempData[DoneKey] = JsonSerializer.Serialize(imported.Done);
                return RedirectToAction(nameof(Done));
            case CommitOutcome.Rejected rejected:
                return View(nameof(Preview), rejected.Preview);
            case CommitOutcome.Changed:
                return NoticeAndBack(FileChanged);
            default:
                return NoticeAndBack(UploadGone);
        }
    }

    [HttpPost("avbryt")]
    public IActionResult Cancel(string? uploadId)
    {
        imports.Cancel(uploadId, UserId);
        return NoticeAndBack(Cancelled);
    }

    [HttpGet("klar")]
    public IActionResult Done()
    {
        if (TempData[DoneKey] is not string json || JsonSerializer.Deserialize<ImportDoneViewModel>(json) is not { } done)
            return RedirectToAction(nameof(Index));
        return View(done);
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user without an id.");

    private ImportFormViewModel FormModel(ImportUploadInputModel input, string? notice) => new()
    {
        Input = input,
        MaxUploadText = SwedishFormat.Bytes(options.Value.MaxUploadBytes),
        Notice = notice,
    };

    private RedirectToActionResult NoticeAndBack(string notice)
    {
        TempData[NoticeKey] = notice;
        return RedirectToAction(nameof(Index));
    }
}
