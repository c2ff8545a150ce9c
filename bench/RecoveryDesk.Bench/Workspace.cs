namespace RecoveryDesk.Bench;

/// <summary>The run's folder for databases and service logs, and where the repository's files are.</summary>
internal sealed class Workspace
{
    private Workspace(string folder, string repositoryRoot)
    {
        Folder = folder;
        RepositoryRoot = repositoryRoot;
        SchemaSql = System.IO.File.ReadAllText(Path.Combine(repositoryRoot, "db", "sqlite", "schema.sql"));
    }

    public string Folder { get; }

    public string RepositoryRoot { get; }

    /// <summary>db/sqlite/schema.sql: what the migrations create, for the raw SQLite runs.</summary>
    public string SchemaSql { get; }

    public static Workspace Create(BenchSettings settings)
    {
        var root = FindRepositoryRoot();
        var folder = settings.WorkFolder ?? Path.Combine(Path.GetTempPath(), $"recoverydesk-bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        return new Workspace(folder, root);
    }

    /// <summary>The service's Release build, unless --service names another.</summary>
    public string DefaultServiceDll() =>
        Path.Combine(RepositoryRoot, "src", "RecoveryDesk.Web", "bin", "Release", "net10.0", "RecoveryDesk.Web.dll");

    public string File(string name) => Path.Combine(Folder, name);

    public void Delete()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left behind; it is in the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(folder.FullName, "RecoveryDesk.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the harness from inside the RecoveryDesk repository (build/bench.sh does).");
    }
}
