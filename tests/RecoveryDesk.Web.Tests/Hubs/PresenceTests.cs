using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Hubs;

/// <summary>Who has a case open and who writes a reply, over /hubs/desk with the real SignalR client.</summary>
public sealed class PresenceTests
{
    private DeskApp _app = null!;
    private HttpClient _avaHttp = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = await new DeskApp().StartAsync();
        _avaHttp = await _app.ClientFor("ava");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _avaHttp.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task ViewCase_TwoAgents_EachHearsWhoTheOtherIs_AndNoConnectionIds()
    {
        var caseId = await _app.OpenOwnedAsync(_avaHttp);
        await using var ava = await ViewingAsync("ava", caseId);

        await using var ben = await ViewingAsync("ben", caseId);
        var arrived = await ava.WaitForPresenceAsync(caseId, _app.StaffIds["ben"], "Arrived");
        // Ava's console answers the newcomer's question by saying it is there.
        await ava.Connection.InvokeAsync("ViewCase", caseId);
        var answer = await ben.WaitForPresenceAsync(caseId, _app.StaffIds["ava"], "Viewing");

        Assert.Multiple(() =>
        {
            Assert.That(arrived.GetProperty("name").GetString(), Is.EqualTo("Ben Okafor"));
            Assert.That(answer.GetProperty("name").GetString(), Is.EqualTo("Ava Thompson"));
            Assert.That(arrived.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "caseId", "staffId", "name", "activity" }));
        });
    }

    [Test]
    public async Task Typing_ShowsForTheOthers_ThenStops()
    {
        var caseId = await _app.OpenOwnedAsync(_avaHttp);
        await using var ben = await ViewingAsync("ben", caseId);
        await using var ava = await ViewingAsync("ava", caseId);

        await ava.Connection.InvokeAsync("Typing", caseId);
        await ben.WaitForPresenceAsync(caseId, _app.StaffIds["ava"], "Typing");
        await ava.Connection.InvokeAsync("StoppedTyping", caseId);

        await ben.WaitForPresenceAsync(caseId, _app.StaffIds["ava"], "StoppedTyping");
    }

    [Test]
    public async Task Disconnect_TellsTheOthersAtOnce_AndLeaveCaseToo()
    {
        var caseId = await _app.OpenOwnedAsync(_avaHttp);
        await using var ava = await ViewingAsync("ava", caseId);
        var ben = await ViewingAsync("ben", caseId);
        await using var cara = await ViewingAsync("cara", caseId);

        await ben.DisposeAsync();
        await ava.WaitForPresenceAsync(caseId, _app.StaffIds["ben"], "Left");
        await cara.Connection.InvokeAsync("LeaveCase", caseId);
        await ava.WaitForPresenceAsync(caseId, _app.StaffIds["cara"], "Left");

        // Cara left the group: Ava's typing no longer reaches her.
        var heard = cara.PresenceReceived.Count;
        await ava.Connection.InvokeAsync("Typing", caseId);
        await ava.WaitForPresenceAsync(caseId, _app.StaffIds["ava"], "Typing");
        var marker = await _app.OpenOwnedAsync(_avaHttp);
        await cara.Connection.InvokeAsync("ViewCase", marker);
        await cara.WaitForPresenceAsync(marker, _app.StaffIds["cara"], "Arrived");
        Assert.That(cara.PresenceReceived.Skip(heard).Where(m => LiveClient.CaseIdOf(m) == caseId), Is.Empty);
    }

    [Test]
    public async Task Presence_OfAnotherCase_IsNotHeard()
    {
        var caseId = await _app.OpenOwnedAsync(_avaHttp);
        var otherCase = await _app.OpenOwnedAsync(_avaHttp);
        await using var ava = await LiveClient.DeskAsync(_app, "ava");
        await using var dan = await LiveClient.DeskAsync(_app, "dan");
        await ava.Connection.InvokeAsync("ViewCase", caseId);
        await ava.Connection.InvokeAsync("Typing", caseId);

        // Messages reach Dan in the order they were sent: his own arrival comes after Ava's typing.
        await dan.Connection.InvokeAsync("ViewCase", otherCase);
        await dan.WaitForPresenceAsync(otherCase, _app.StaffIds["dan"], "Arrived");

        Assert.That(dan.PresenceReceived.Where(m => LiveClient.CaseIdOf(m) == caseId), Is.Empty);
    }

    [Test]
    public async Task ViewCase_AsReadingTheCaseIs_AnyActiveColleague_ButNoCaseThatDoesNotExist()
    {
        var caseId = await _app.OpenOwnedAsync(_avaHttp);
        await using var dan = await LiveClient.DeskAsync(_app, "dan");
        await using var ada = await LiveClient.DeskAsync(_app, "ada");

        await dan.Connection.InvokeAsync("ViewCase", caseId);
        await ada.Connection.InvokeAsync("ViewCase", caseId);
        var unknown = Assert.ThrowsAsync<HubException>(() => dan.Connection.InvokeAsync("ViewCase", Guid.NewGuid()));
        var notViewing = Assert.ThrowsAsync<HubException>(() => dan.Connection.InvokeAsync("Typing", Guid.NewGuid()));

        Assert.Multiple(() =>
        {
            Assert.That(unknown!.Message, Does.Contain("There is no case with that id."));
            Assert.That(notViewing!.Message, Does.Contain("Open the case first"));
        });
    }

    [Test]
    public async Task ViewCase_ByAColleagueDeactivatedMeanwhile_IsRefused()
    {
        var key = $"tess-{Guid.NewGuid():N}";
        var tess = await _app.AddAgentAsync(key, "Tess Marlow", "Front Line");
        var caseId = await _app.OpenOwnedAsync(_avaHttp);
        await using var console = await LiveClient.DeskAsync(_app, key);
        using var ada = await _app.ClientFor("ada");

        await ada.PostOkAsync($"/api/staff/{tess}/deactivate");

        // The connection closes; whatever it asks for on the way out is refused.
        Assert.CatchAsync<Exception>(() => console.Connection.InvokeAsync("ViewCase", caseId));
        await console.Closed.WaitAsync(LiveClient.Patience);
    }

    /// <summary>A console of the given colleague with the case open.</summary>
    private async Task<LiveClient> ViewingAsync(string key, Guid caseId)
    {
        var console = await LiveClient.DeskAsync(_app, key);
        await console.Connection.InvokeAsync("ViewCase", caseId);
        return console;
    }
}
