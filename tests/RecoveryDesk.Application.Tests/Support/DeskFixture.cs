namespace RecoveryDesk.Application.Tests.Support;

/// <summary>A fresh desk on its own SQLite file for every test, removed afterwards.</summary>
public abstract class DeskFixture
{
    private DeskHarness? _desk;

    protected DeskHarness Desk => _desk ?? throw new InvalidOperationException("The desk has not started.");

    [SetUp]
    public async Task StartDeskAsync() => _desk = await DeskHarness.StartAsync();

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
