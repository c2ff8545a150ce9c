using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Migrations.SqlServer;

/// <summary>Lets `dotnet ef` build the model for SqlServer without a running host; no connection is opened.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RecoveryDeskDbContext>
{
    public RecoveryDeskDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<RecoveryDeskDbContext>();
        PersistenceRegistration.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.SqlServer }, "Server=localhost;Database=RecoveryDesk;Trusted_Connection=True;TrustServerCertificate=True");
        return new RecoveryDeskDbContext(builder.Options);
    }
}
