using Npgsql;

namespace RecoveryDesk.Application.Tests.Support;

/// <summary>
/// The PostgreSQL server ./build/test.sh starts (RECOVERYDESK_TEST_POSTGRES): each test gets a database
/// of its own, dropped afterwards. Without the server the PostgreSQL tests are skipped, except under CI,
/// where a missing server is a failure.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    public const string Variable = "RECOVERYDESK_TEST_POSTGRES";

    private readonly string _server;

    private TestPostgres(string server, string database)
    {
        _server = server;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    /// <summary>The test's own database.</summary>
    public string ConnectionString { get; }

    public static string Server()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(server))
        {
            return server;
        }

        const string Why = $"No PostgreSQL server: ./build/test.sh starts one and sets {Variable}.";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(Why);
        }

        Assert.Ignore(Why);
        return string.Empty;
    }

    public static async Task<TestPostgres> CreateDatabaseAsync()
    {
        var server = Server();
        var database = $"desk_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new TestPostgres(server, database);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var database = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
