namespace RecoveryDesk.Application.Tests.Support;

public static class RepositoryRoot
{
    /// <summary>The folder holding RecoveryDesk.sln, found by walking up from where the tests run.</summary>
    public static string Find()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RecoveryDesk.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No RecoveryDesk.sln above {TestContext.CurrentContext.TestDirectory}.");
    }
}
