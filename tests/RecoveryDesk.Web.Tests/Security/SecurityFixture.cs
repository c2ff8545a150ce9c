using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Security;

/// <summary>A desk of the fixture's own, started once, with the settings the fixture asks for.</summary>
public abstract class SecurityFixture
{
    private DeskApp? _app;

    protected DeskApp App => _app ?? throw new InvalidOperationException("The desk starts in OneTimeSetUp.");

    /// <summary>Settings on top of the test defaults.</summary>
    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Every request may name its client address (see <see cref="ClientAddress"/>); fixtures add more.</summary>
    protected virtual void Services(IServiceCollection services) => ClientAddress.AddTo(services);

    [OneTimeSetUp]
    public async Task StartDeskAsync() => _app = await new DeskApp(settings: Settings, services: Services).StartAsync();

    [OneTimeTearDown]
    public void StopDesk() => _app?.Dispose();
}
