using System.Diagnostics;

namespace RecoveryDesk.Web.Tests.Security;

/// <summary>
/// The published OpenAPI document passes Redocly's strictest built-in rule set: security schemes and
/// each operation's security, 4xx answers, operation ids and descriptions, so generated clients and
/// scanners see how to authenticate. Redocly comes from tests/openapi-lint's lock file (npm ci).
/// </summary>
public sealed class OpenApiLintTests : SecurityFixture
{
    [Test]
    public async Task OpenApiDocument_PassesRedoclyRecommendedStrict()
    {
        var cli = Path.Combine(LintFolder(), "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.That(File.Exists(cli), Is.True, $"Redocly is not installed: run npm ci in {LintFolder()} (build/test.sh does).");
        using var client = App.CreateClient();
        var document = Path.Combine(App.Folder, "openapi.json");
        await File.WriteAllTextAsync(document, await client.GetStringAsync("/openapi/v1.json"));

        var start = new ProcessStartInfo("node") { WorkingDirectory = LintFolder(), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { cli, "lint", "--extends=recommended-strict", "--format=stylish", document })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var lint = Process.Start(start)!;
        var output = lint.StandardOutput.ReadToEndAsync();
        var errors = lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync();

        Assert.That(lint.ExitCode, Is.Zero, $"{await output}\n{await errors}");
    }

    private static string LintFolder()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            var lint = Path.Combine(folder.FullName, "tests", "openapi-lint");
            if (Directory.Exists(lint))
            {
                return lint;
            }
        }

        throw new DirectoryNotFoundException("tests/openapi-lint is not above the test folder.");
    }
}
