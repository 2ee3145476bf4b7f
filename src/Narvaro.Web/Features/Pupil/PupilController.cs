using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Access;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Pupils;

namespace Narvaro.Web.Features.PupilPage;

/// <summary>The pupil page: the mentor works from it, the rector of the pupil's school reads it, anyone else gets 404.</summary>
public sealed class PupilController(NarvaroDbContext db, PupilRecordService records, AuditTrail audit) : Controller
{
    public const string AuditAction = "Elev visad";

    [HttpGet("elev/{id:int}")]
    public async Task<IActionResult> Index(int id, CancellationToken cancellationToken)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return NotFound();
        // A pupil the user may not see looks exactly like one that does not exist.
        var access = await StaffAccess.PupilAccessAsync(db, userId, id, cancellationToken);
        if (access == PupilAccessLevel.None) return NotFound();

        var record = await records.ForPupilAsync(id, access, cancellationToken);
        if (record is null) return NotFound();
        await audit.RecordAsync(userId, AuditAction, record.Pupil.Id, record.Pupil.SchoolId,
            access == PupilAccessLevel.Rector ? "Elevsidan, läst som rektor" : "Elevsidan, som mentor", cancellationToken);

        Response.Headers.CacheControl = "no-store";
        return View(new PupilPageViewModel(record, ReadOnly: access != PupilAccessLevel.Mentor));
    }
}
