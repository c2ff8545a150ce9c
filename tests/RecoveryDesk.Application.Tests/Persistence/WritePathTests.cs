using System.Text.RegularExpressions;
using RecoveryDesk.Application.Tests.Support;

namespace RecoveryDesk.Application.Tests.Persistence;

/// <summary>
/// Every change leaves through the unit of work: a save anywhere else would commit without its live
/// messages, its timers or its cache clearing, and nothing would say so.
/// </summary>
public sealed partial class WritePathTests
{
    [Test]
    public void Sources_OutsideTheUnitOfWork_NeverSaveTheContextThemselves()
    {
        var root = RepositoryRoot.Find();
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(path) != "UnitOfWork.cs")
            .Where(path => DirectSave().IsMatch(File.ReadAllText(path)))
            .Select(path => Path.GetRelativePath(root, path))
            .ToList();

        Assert.That(offenders, Is.Empty, "save through UnitOfWork.CommitAsync instead");
    }

    [GeneratedRegex(@"\.SaveChanges(Async)?\s*\(")]
    private static partial Regex DirectSave();
}
