using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Tests.Infrastructure;

/// <summary>Test-only endpoints guarded the way later features will guard theirs.</summary>
[Route("test")]
public sealed class ProbeController(ISchoolAccess schoolAccess) : Controller
{
    [HttpGet("rektor"), Authorize(Policy = Policies.Rektor)]
    public IActionResult RektorOnly() => Content("rektor");

    [HttpGet("eht"), Authorize(Policy = Policies.Eht)]
    public IActionResult EhtOnly() => Content("eht");

    [HttpGet("skolor")]
    public async Task<IActionResult> VisibleSchools(CancellationToken cancellationToken) =>
        Content(string.Join(",", (await schoolAccess.VisibleSchoolIdsAsync(cancellationToken)).Order()));

    [HttpGet("skolor/{schoolId:int}")]
    public async Task<IActionResult> School(int schoolId, CancellationToken cancellationToken) =>
        await schoolAccess.CanSeeSchoolAsync(schoolId, cancellationToken) ? Content("ja") : Forbid();
}
