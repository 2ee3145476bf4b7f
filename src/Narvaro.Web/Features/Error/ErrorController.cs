using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Narvaro.Web.Features.Error;

/// <summary>Re-executed by the exception handler and the status code pages, whatever the method of the failed request.</summary>
[AllowAnonymous, IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorController : Controller
{
    [Route("fel")]
    public IActionResult Index() => View(ErrorViewModel.For(StatusCodes.Status500InternalServerError));

    [Route("fel/{statusCode:int}")]
    public IActionResult Status(int statusCode)
    {
        var model = ErrorViewModel.For(statusCode);
        Response.StatusCode = model.StatusCode;
        return View("Index", model);
    }
}
