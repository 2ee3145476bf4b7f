using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests.Infrastructure;

/// <summary>What a journey leaves to look at and reads back: full-page screenshots, and PDFs as text.</summary>
public static class Evidence
{
    /// <summary>Saves a full-page screenshot under screenshots/ beside the test assembly and names it in the output.</summary>
    public static async Task ScreenshotAsync(ITestOutputHelper output, IPage page, string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", fileName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
    }

    /// <summary>A PDF's text as poppler's pdftotext lays it out.</summary>
    public static string PdfText(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"])
        {
            RedirectStandardOutput = true, UseShellExecute = false,
        }) ?? throw new InvalidOperationException("pdftotext could not be started; run `bash tests/install-deps.sh` (poppler-utils).");
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return text;
    }
}
