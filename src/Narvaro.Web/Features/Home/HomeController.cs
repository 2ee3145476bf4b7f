using Microsoft.AspNetCore.Mvc;

namespace Narvaro.Web.Features.Home;

[Route("")]
public sealed class HomeController(HomePageService homePage) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await homePage.BuildAsync(User, cancellationToken));
}
