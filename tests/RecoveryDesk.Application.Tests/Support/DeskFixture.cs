using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Tests.Support;

/// <summary>A fresh desk on its own SQLite file for every test, removed afterwards.</summary>
/// <summary>A fresh desk for each test, on SQLite unless the fixture asks for another database.</summary>
public abstract class DeskFixture(DatabaseProvider provider = DatabaseProvider.Sqlite)
{
    private DeskHarness? _desk;

    protected DeskHarness Desk => _desk ?? throw new InvalidOperationException("The desk has not started.");

    protected DatabaseProvider Provider => provider;

    [SetUp]
    public async Task StartDeskAsync() => _desk = await DeskHarness.StartAsync(provider: provider);

    [TearDown]
    public async Task StopDeskAsync()
    {
        if (_desk is not null)
        {
            await _desk.DisposeAsync();
            _desk = null;
        }
    }
}
