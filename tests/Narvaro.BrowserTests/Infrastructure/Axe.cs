using System.Text.Json;
using Microsoft.Playwright;

namespace Narvaro.BrowserTests.Infrastructure;

/// <summary>Runs axe-core (from tests/tools, installed by tests/install-deps.sh) on the page as it is now.</summary>
public static class Axe
{
    public sealed record Violation(string Id, string? Impact, string Help, string[] Targets)
    {
        public override string ToString() => $"{Impact} {Id}: {Help} ({string.Join(", ", Targets)})";
    }

    private static readonly Lazy<string> ScriptPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "Narvaro.sln"))) continue;
            var path = Path.Combine(directory.FullName, "tests", "tools", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(path)) return path;
            throw new InvalidOperationException($"axe-core is missing at {path}. Run `bash tests/install-deps.sh`.");
        }
        throw new InvalidOperationException("Narvaro.sln was not found above the test output folder.");
    });

    public static async Task<IReadOnlyList<Violation>> RunAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = ScriptPath.Value });
        var json = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
                const results = await axe.run(document);
                return results.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))
                }));
            }
            """);
        return json.Deserialize<Violation[]>(new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
    }

    /// <summary>Fails with every serious or critical violation listed; minor and moderate ones are returned.</summary>
    public static async Task<IReadOnlyList<Violation>> AssertNoSeriousViolationsAsync(IPage page)
    {
        var violations = await RunAsync(page);
        var serious = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0,
            $"axe-core found {serious.Count} serious/critical violation(s) on {page.Url}:\n" + string.Join("\n", serious));
        return violations;
    }
}
