using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Migrations.Sqlite;

/// <summary>Lets `dotnet ef` build the model for Sqlite without a running host; no connection is opened.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RecoveryDeskDbContext>
{
    public RecoveryDeskDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<RecoveryDeskDbContext>();
        PersistenceRegistration.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.Sqlite }, "Data Source=design-time.db");
        return new RecoveryDeskDbContext(builder.Options);
    }
}
