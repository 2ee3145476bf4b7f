using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Narvaro.Tests.Documents;

/// <summary>Reads rendered PDFs back with poppler-utils (pdftotext, pdfinfo), as a person copying the text would.</summary>
public static partial class PdfReader
{
    /// <summary>The text of every page, with line layout kept (pages separated by form feeds).</summary>
    public static string Text(byte[] pdf) => Run("pdftotext", pdf, "-layout -enc UTF-8 {0} -");

    /// <summary>
    /// The layout text with whitespace collapsed: for phrases that wrap across lines. (Plain pdftotext would join a
    /// line ending in "skol-" with the next, dropping the hyphen the plan's text has.)
    /// </summary>
    public static string FlatText(byte[] pdf) => Collapse(Text(pdf));

    public static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    public static int PageCount(byte[] pdf)
    {
        var info = Run("pdfinfo", pdf, "{0}");
        var match = Regex.Match(info, @"^Pages:\s+(\d+)", RegexOptions.Multiline);
        Assert.True(match.Success, "pdfinfo printed no page count:\n" + info);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public static string Info(byte[] pdf) => Run("pdfinfo", pdf, "{0}");

    /// <summary>The names of the fonts embedded in the PDF, as pdffonts lists them (subset prefixes "ABCDEF+" removed).</summary>
    public static List<string> Fonts(byte[] pdf) =>
        Run("pdffonts", pdf, "{0}").Split('\n').Skip(2)
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0])
            .Select(n => Regex.Replace(n, "^[A-Z]{6}\\+", ""))
            .ToList();

    /// <summary>The blocks pdftotext finds on each page (page number from 1, box in points).</summary>
    public static List<(int Page, double XMin, double YMin, double XMax, double YMax, string Text)> Blocks(byte[] pdf)
    {
        var html = Run("pdftotext", pdf, "-bbox-layout -enc UTF-8 {0} -");
        var xml = XDocument.Parse(Regex.Replace(html, "<!DOCTYPE[^>]*>", ""));
        XNamespace ns = "http://www.w3.org/1999/xhtml";
        var result = new List<(int, double, double, double, double, string)>();
        var page = 0;
        foreach (var p in xml.Descendants(ns + "page"))
        {
            page++;
            foreach (var block in p.Descendants(ns + "block"))
            {
                double A(string name) => double.Parse(block.Attribute(name)!.Value, CultureInfo.InvariantCulture);
                var words = string.Join(" ", block.Descendants(ns + "word").Select(w => w.Value));
                result.Add((page, A("xMin"), A("yMin"), A("xMax"), A("yMax"), words));
            }
        }
        return result;
    }

    private static string Run(string tool, byte[] pdf, string arguments)
    {
        var file = Path.Combine(Path.GetTempPath(), $"narvaro-pdf-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var start = new ProcessStartInfo(tool, string.Format(CultureInfo.InvariantCulture, arguments, $"\"{file}\""))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = System.Text.Encoding.UTF8,
            };
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException(
                    $"{tool} (poppler-utils) is needed to read the PDFs back; install it with tests/install-deps.sh. {ex.Message}", ex);
            }
            using (process)
            {
                var errors = process.StandardError.ReadToEndAsync();
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {errors.Result}");
                return output;
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
