using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Escalation;

namespace Narvaro.Web.Features.Tasks;

/// <summary>
/// One task (/uppgift/{id}): the mentor completes it with a date and a note, or records a contact with the guardian;
/// the rector of the school reads it. Anyone else, or an unknown id, gets 404.
/// </summary>
[Route("uppgift")]
public sealed class TasksController(TaskPageService tasks) : Controller
{
    public const string ConfirmationKey = "Uppgift.Bekraftelse";
    public const string DefaultReturnUrl = "/mina-elever";
    /// <summary>Where someone who mentors nobody (rector, EHT) returns: their own tasks.</summary>
    public const string DefaultReturnUrlForNonMentors = "/mina-uppgifter";

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, [FromQuery(Name = "tillbaka")] string? returnUrl, CancellationToken cancellationToken)
    {
        var access = await tasks.AccessAsync(id, UserId, cancellationToken);
        if (access == TaskAccess.None) return NotFound();
        return await PageAsync(id, access, returnUrl, null, null, cancellationToken);
    }

    [HttpPost("{id:int}/kontakt")]
    public async Task<IActionResult> Contact(int id, [Bind(Prefix = "Contact")] ContactInputModel input,
        [FromForm(Name = "tillbaka")] string? returnUrl, CancellationToken cancellationToken)
    {
        var access = await tasks.AccessAsync(id, UserId, cancellationToken);
        if (access == TaskAccess.None) return NotFound();
        if (access != TaskAccess.Act) return Forbid();
        if (ModelState.IsValid)
        {
            try
            {
                return Back(await tasks.RecordContactAsync(id, UserId, input, cancellationToken), returnUrl);
            }
            catch (CaseActionException e)
            {
                AddError("Contact", e);
            }
        }
        return await PageAsync(id, access, returnUrl, input, null, cancellationToken);
    }

    [HttpPost("{id:int}/klar")]
    public async Task<IActionResult> Complete(int id, [Bind(Prefix = "Completion")] CompletionInputModel input,
        [FromForm(Name = "tillbaka")] string? returnUrl, CancellationToken cancellationToken)
    {
        var access = await tasks.AccessAsync(id, UserId, cancellationToken);
        if (access == TaskAccess.None) return NotFound();
        if (access != TaskAccess.Act) return Forbid();
        if (ModelState.IsValid)
        {
            try
            {
                return Back(await tasks.CompleteAsync(id, UserId, input, cancellationToken), returnUrl);
            }
            catch (CaseActionException e)
            {
                AddError("Completion", e);
            }
        }
        return await PageAsync(id, access, returnUrl, null, input, cancellationToken);
    }

    private async Task<IActionResult> PageAsync(int id, TaskAccess access, string? returnUrl, ContactInputModel? contact,
        CompletionInputModel? completion, CancellationToken cancellationToken)
    {
        var model = await tasks.BuildAsync(id, UserId, access, cancellationToken);
        model.ReturnUrl = LocalOrDefault(returnUrl);
        model.Confirmation = TempData[ConfirmationKey] as string;
        model.Contact = contact ?? new ContactInputModel { At = model.NowLocal };
        model.Completion = completion ?? new CompletionInputModel { DoneOn = model.Today };
        return View("Show", model);
    }

    private void AddError(string prefix, CaseActionException e)
    {
        var key = e.Field switch
        {
            TaskField.DoneOn => "Completion.DoneOn",
            TaskField.Note => prefix + ".Note",
            TaskField.At => "Contact.At",
            TaskField.Method => "Contact.Method",
            _ => "",
        };
        ModelState.AddModelError(key, e.Message);
    }

    private RedirectResult Back(string confirmation, string? returnUrl)
    {
        TempData[ConfirmationKey] = confirmation;
        return Redirect(LocalOrDefault(returnUrl));
    }

    private string LocalOrDefault(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl
        : User.IsInRole(Narvaro.Domain.StaffRoles.Mentor) ? DefaultReturnUrl : DefaultReturnUrlForNonMentors;

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user without an id.");
}
