using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace RecoveryDesk.Browser.Tests.Support;

/// <summary>Checks a person relying on a keyboard or a screen reader would notice.</summary>
public static class Accessibility
{
    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>
    /// Runs axe-core over the page as it is now (WCAG 2.1 A and AA) and fails with one line per
    /// violation: rule, impact, what to do, and the first few elements it found.
    /// </summary>
    public static async Task AssertNoAxeViolationsAsync(IPage page, string state)
    {
        var result = await page.RunAxe(WcagAa);
        var lines = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}"
            + (v.Nodes.Length > 3 ? $" and {v.Nodes.Length - 3} more" : string.Empty));
        Assert.That(result.Violations, Is.Empty, $"axe found on {state}:\n{string.Join("\n", lines)}");
    }

    /// <summary>Form controls without a label, buttons and links without a name: should be none.</summary>
    public static Task<string[]> UnnamedControlsAsync(IPage page) => page.EvaluateAsync<string[]>(
        """
        () => {
          const bad = [];
          const visible = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length) || e.type === 'radio';
          for (const c of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
            if (!visible(c)) continue;
            const named = (c.labels && c.labels.length) || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby');
            if (!named) bad.push(c.outerHTML.slice(0, 80));
          }
          for (const b of document.querySelectorAll('button, a[href]')) {
            if (!visible(b)) continue;
            if (!(b.textContent.trim() || b.getAttribute('aria-label'))) bad.push(b.outerHTML.slice(0, 80));
          }
          return bad;
        }
        """);

    /// <summary>True when the page scrolls sideways, i.e. does not fit its viewport.</summary>
    public static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
}
