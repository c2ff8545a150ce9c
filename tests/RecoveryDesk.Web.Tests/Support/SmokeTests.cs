using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Support;

public sealed class SmokeTests
{
    [Test]
    public async Task Host_Started_IsReadyAndServesTheContract()
    {
        using var app = await new DeskApp().StartAsync();
        using var anonymous = app.CreateClient();
        Assert.That((await anonymous.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await anonymous.GetAsync("/openapi/v1.json")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await anonymous.GetAsync("/api/queue")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        using var ava = await app.ClientFor("ava");
        var me = await ava.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.That(me.GetProperty("name").GetString(), Is.EqualTo("Ava Thompson"));
    }
}
