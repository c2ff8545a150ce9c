using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Migrations.Postgres;

/// <summary>Lets `dotnet ef` build the model for PostgreSQL without a running host; no connection is opened.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RecoveryDeskDbContext>
{
    public RecoveryDeskDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<RecoveryDeskDbContext>();
        PersistenceRegistration.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.Postgres }, "Host=localhost;Database=recoverydesk;Username=desk");
        return new RecoveryDeskDbContext(builder.Options);
    }
}
