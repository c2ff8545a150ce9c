using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Application.Handoffs;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Hubs;

/// <summary>
/// /hubs/desk with the real SignalR client. "Nobody else receives it" is checked only after a later
/// marker message has reached that same person: messages are delivered in order, so anything
/// addressed to them before the marker would have arrived first.
/// </summary>
public sealed class DeskHubTests
{
    [Test]
    public async Task Availability_SetByASupervisor_ReachesTheTeamTheColleagueAndSupervisors_NotAnotherTeam()
    {
        using var app = await new DeskApp().StartAsync();
        using var sam = await app.ClientFor("sam");
        await using var ava = await LiveClient.DeskAsync(app, "ava");
        await using var ben = await LiveClient.DeskAsync(app, "ben");
        await using var dan = await LiveClient.DeskAsync(app, "dan");
        var until = app.Clock.GetUtcNow().AddHours(4);

        using var set = await sam.PutAsJsonAsync($"/api/staff/{app.StaffIds["ava"]}/availability", new { state = "Away", until, substituteId = app.StaffIds["ben"] });
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK), await set.Content.ReadAsStringAsync());

        var heard = await ben.WaitForAvailabilityAsync(app.StaffIds["ava"], "Away");
        await ava.WaitForAvailabilityAsync(app.StaffIds["ava"], "Away");
        // Dan (Billing) hears his own change, and nothing of Ava's before it.
        using var danHttp = await app.ClientFor("dan");
        (await danHttp.PutAsJsonAsync("/api/me/availability", new { state = "Off" })).EnsureSuccessStatusCode();
        await dan.WaitForAvailabilityAsync(app.StaffIds["dan"], "Off");
        Assert.Multiple(() =>
        {
            Assert.That(heard.GetProperty("substituteName").GetString(), Is.EqualTo("Ben Okafor"));
            Assert.That(heard.GetProperty("until").GetDateTimeOffset(), Is.EqualTo(until));
            Assert.That(dan.StaffReceived.Select(m => m.GetProperty("staffId").GetGuid()), Has.None.EqualTo(app.StaffIds["ava"]));
        });
    }

    [Test]
    public async Task HandoffOffer_ToNamedColleague_ReachesRecipientAndNoOtherAgent()
    {
        using var app = await new DeskApp().StartAsync();
        using var avaHttp = await app.ClientFor("ava");
        await using var ben = await LiveClient.DeskAsync(app, "ben");
        await using var cara = await LiveClient.DeskAsync(app, "cara");
        await using var dan = await LiveClient.DeskAsync(app, "dan");
        var caseId = await app.OpenOwnedAsync(avaHttp);

        var offered = await avaHttp.PostOkAsync($"/api/cases/{caseId}/handoffs", new { toAgentId = app.StaffIds["ben"], note = "Refund approved; she expects a call by 3 pm." });

        var offer = await ben.WaitForAsync(caseId, "HandoffOffered");
        Assert.Multiple(() =>
        {
            Assert.That(offer.GetProperty("version").GetInt32(), Is.EqualTo(offered.GetProperty("version").GetInt32()));
            Assert.That(offer.GetProperty("handoff").GetProperty("id").GetGuid(), Is.EqualTo(offered.GetProperty("handoffId").GetGuid()));
            Assert.That(offer.GetProperty("handoff").GetProperty("toAgentId").GetGuid(), Is.EqualTo(app.StaffIds["ben"]));
            Assert.That(offer.GetProperty("handoff").GetProperty("fromAgentName").GetString(), Is.EqualTo("Ava Thompson"));
            Assert.That(offer.GetProperty("handoff").GetProperty("note").GetString(), Is.EqualTo("Refund approved; she expects a call by 3 pm."));
            Assert.That(offer.GetProperty("row").GetProperty("ownerId").GetGuid(), Is.EqualTo(app.StaffIds["ava"]), "the sender still owns it");
            Assert.That(offer.GetProperty("row").GetProperty("hasPendingHandoff").GetBoolean(), Is.True);
            Assert.That(offer.GetProperty("row").GetProperty("subject").GetString(), Is.EqualTo("Parcel arrived damaged"));
        });

        // Markers: a new case in each of their queues reaches Cara (Front Line) and Dan (Billing).
        var frontLineMarker = await app.OpenAsync(avaHttp);
        var billingMarker = await app.OpenAsync(avaHttp, "Billing");
        await cara.WaitForAsync(frontLineMarker, "CaseOpened");
        await dan.WaitForAsync(billingMarker, "CaseOpened");
        Assert.Multiple(() =>
        {
            Assert.That(cara.EventsFor(caseId), Does.Not.Contain("HandoffOffered"), "a teammate who is not the target");
            Assert.That(dan.ReceivedFor(caseId), Is.Empty, "an agent of another team");
        });
    }

    [Test]
    public async Task CaseOpened_Row_IsTheQueueRowAsTheQueueReadsIt()
    {
        using var app = await new DeskApp().StartAsync();
        using var avaHttp = await app.ClientFor("ava");
        await using var ben = await LiveClient.DeskAsync(app, "ben");

        var caseId = await app.OpenAsync(avaHttp);

        var opened = await ben.WaitForAsync(caseId, "CaseOpened");
        using var benHttp = await app.ClientFor("ben");
        var queue = await benHttp.GetFromJsonAsync<JsonElement>("/api/queue");
        var read = queue.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == caseId);
        Assert.That(opened.GetProperty("row").ToString(), Is.EqualTo(read.ToString()), "one row shape, field for field, team name included");
    }

    [Test]
    public async Task HandoffOffer_ToTeam_ReachesThatTeamButNotTheSendersTeam()
    {
        using var app = await new DeskApp().StartAsync();
        using var avaHttp = await app.ClientFor("ava");
        await using var dan = await LiveClient.DeskAsync(app, "dan");
        await using var cara = await LiveClient.DeskAsync(app, "cara");
        var caseId = await app.OpenOwnedAsync(avaHttp);

        await avaHttp.PostOkAsync($"/api/cases/{caseId}/handoffs", new { toTeamId = app.TeamIds["Billing"], note = "A billing error, not a delivery one." });

        var offer = await dan.WaitForAsync(caseId, "HandoffOffered");
        Assert.That(offer.GetProperty("handoff").GetProperty("toTeamId").GetGuid(), Is.EqualTo(app.TeamIds["Billing"]));
        await cara.WaitForAsync(await app.OpenAsync(avaHttp), "CaseOpened");
        Assert.That(cara.EventsFor(caseId), Does.Not.Contain("HandoffOffered"));
    }

    [Test]
    public async Task Claim_ByTeamMember_TellsTheTeamTheCaseLeftTheQueue()
    {
        using var app = await new DeskApp().StartAsync();
        using var caraHttp = await app.ClientFor("cara");
        await using var ava = await LiveClient.DeskAsync(app, "ava");
        await using var ben = await LiveClient.DeskAsync(app, "ben");
        var caseId = await app.OpenAsync(caraHttp);
        var queued = await ava.WaitForAsync(caseId, "CaseOpened");
        Assert.That(queued.GetProperty("row").GetProperty("status").GetString(), Is.EqualTo("New"));

        var claimed = await caraHttp.PostOkAsync($"/api/cases/{caseId}/claim");

        foreach (var colleague in new[] { ava, ben })
        {
            var message = await colleague.WaitForAsync(caseId, "CaseClaimed");
            var row = message.GetProperty("row");
            Assert.Multiple(() =>
            {
                Assert.That(message.GetProperty("caseId").GetGuid(), Is.EqualTo(caseId));
                Assert.That(message.GetProperty("version").GetInt32(), Is.EqualTo(claimed.GetProperty("version").GetInt32()));
                Assert.That(row.GetProperty("version").GetInt32(), Is.EqualTo(claimed.GetProperty("version").GetInt32()));
                Assert.That(row.GetProperty("status").GetString(), Is.EqualTo("Open"), "no longer New: it leaves the queue");
                Assert.That(row.GetProperty("ownerId").GetGuid(), Is.EqualTo(app.StaffIds["cara"]));
                Assert.That(row.GetProperty("ownerName").GetString(), Is.EqualTo("Cara Lindqvist"));
                Assert.That(row.GetProperty("teamId").GetGuid(), Is.EqualTo(app.TeamIds["Front Line"]));
                Assert.That(row.GetProperty("customerName").GetString(), Is.EqualTo("Margaret Hill"));
            });
        }
    }

    [Test]
    public async Task HandoffExpiry_DeadlinePassed_IsPushedToSupervisor()
    {
        using var app = await new DeskApp().StartAsync();
        using var avaHttp = await app.ClientFor("ava");
        await using var sam = await LiveClient.DeskAsync(app, "sam");
        var caseId = await app.OpenOwnedAsync(avaHttp);
        var offered = await avaHttp.PostOkAsync($"/api/cases/{caseId}/handoffs", new { toAgentId = app.StaffIds["ben"], note = "Please call her back." });
        var handoffId = offered.GetProperty("handoffId").GetGuid();
        var expiresAt = offered.GetProperty("expiresAt").GetDateTimeOffset();

        app.Clock.Advance(expiresAt - app.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        // What the hand-off timer does when it fires; if the timer got there first this records nothing twice.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ActOnDeadlinesCommand(caseId));
        }

        var expired = await sam.WaitForAsync(caseId, "HandoffExpired");
        Assert.Multiple(() =>
        {
            Assert.That(expired.GetProperty("handoff").GetProperty("status").GetString(), Is.EqualTo("Expired"));
            Assert.That(expired.GetProperty("row").GetProperty("ownerId").GetGuid(), Is.EqualTo(app.StaffIds["ava"]), "the sender still owns it");
            Assert.That(expired.GetProperty("row").GetProperty("hasPendingHandoff").GetBoolean(), Is.False);
        });
    }

    [Test]
    public async Task SlaTimers_UnclaimedP1_PushWarningBreachAndEscalationToTeamAndSupervisors()
    {
        using var app = await new DeskApp().StartAsync();
        using var avaHttp = await app.ClientFor("ava");
        await using var sam = await LiveClient.DeskAsync(app, "sam");
        await using var cara = await LiveClient.DeskAsync(app, "cara");
        await using var dan = await LiveClient.DeskAsync(app, "dan");
        var caseId = (await app.OpenCaseAsync(avaHttp, priority: "P1")).GetProperty("id").GetGuid();

        // The timers fire when the fake clock passes their due time (a P1 is owned within 15 minutes, warned at 75 %).
        app.Clock.Advance(TimeSpan.FromMinutes(11.5));
        var warned = await sam.WaitForAsync(caseId, "SlaWarned");
        app.Clock.Advance(TimeSpan.FromMinutes(4));
        await sam.WaitForAsync(caseId, "SlaBreached");
        await sam.WaitForAsync(caseId, "SlaEscalated");
        var breached = await cara.WaitForAsync(caseId, "SlaBreached");

        Assert.Multiple(() =>
        {
            Assert.That(warned.GetProperty("details").GetProperty("clock").GetString(), Is.EqualTo("Own"));
            Assert.That(warned.GetProperty("row").GetProperty("status").GetString(), Is.EqualTo("New"));
            // The row carries the SLA standing and the countdown target, so a queue can restyle it without a re-read.
            Assert.That(warned.GetProperty("row").GetProperty("slaState").GetString(), Is.EqualTo("AtRisk"));
            Assert.That(warned.GetProperty("row").GetProperty("nextDueAt").GetDateTimeOffset(), Is.EqualTo(app.Clock.Start.AddMinutes(15)));
            Assert.That(breached.GetProperty("row").GetProperty("slaState").GetString(), Is.EqualTo("Breached"));
            Assert.That(breached.GetProperty("version").GetInt32(), Is.GreaterThan(warned.GetProperty("version").GetInt32()));
        });
        await dan.WaitForAsync(await app.OpenAsync(avaHttp, "Billing"), "CaseOpened");
        Assert.That(dan.ReceivedFor(caseId), Is.Empty, "another team hears nothing of it");
    }

    [Test]
    public async Task SlaEscalation_EachStep_ReachesExactlyThePeopleItNames()
    {
        using var app = await new DeskApp().StartAsync();
        await app.AddStaffAsync("omar", "Omar Haddad", "Outpost", StaffRoleNames.Supervisor);
        using var avaHttp = await app.ClientFor("ava");
        await using var sam = await LiveClient.DeskAsync(app, "sam");
        await using var omar = await LiveClient.DeskAsync(app, "omar");
        await using var ada = await LiveClient.DeskAsync(app, "ada");
        var caseId = (await app.OpenCaseAsync(avaHttp, priority: "P1")).GetProperty("id").GetGuid();

        // A P1 is owned within 15 minutes; the first step goes to the team's supervisors at the breach, the second to the admins an hour later.
        app.Clock.Advance(TimeSpan.FromMinutes(15.5));
        var toSupervisors = await sam.WaitForAsync(caseId, "SlaEscalated");
        app.Clock.Advance(TimeSpan.FromMinutes(60));
        var toAdmins = await ada.WaitForAsync(caseId, "SlaEscalated");

        // Later messages to each of them: whatever the escalations sent them has arrived by then.
        await sam.WaitForAsync(await app.OpenAsync(avaHttp), "CaseOpened");
        await omar.WaitForAsync(await app.OpenAsync(avaHttp, "Outpost"), "CaseOpened");
        static IEnumerable<string> Audiences(LiveClient client, Guid caseId) =>
            client.ReceivedFor(caseId).Where(m => LiveClient.EventOf(m) == "SlaEscalated").Select(m => m.GetProperty("details").GetProperty("audience").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(toSupervisors.GetProperty("details").GetProperty("audience").GetString(), Is.EqualTo("TeamSupervisors"));
            Assert.That(toAdmins.GetProperty("details").GetProperty("audience").GetString(), Is.EqualTo("Admins"));
            Assert.That(Audiences(sam, caseId), Does.Contain("TeamSupervisors").And.Contain("Admins"), "the Front Line supervisor hears the team's steps, the admins' one for the board");
            Assert.That(Audiences(omar, caseId), Is.Empty, "a supervisor of another team is not escalated to");
            Assert.That(ada.ReceivedFor(caseId).Select(LiveClient.EventOf), Is.All.EqualTo("SlaEscalated"), "the admins hear their steps, live, and nothing else of the case");
            Assert.That(Audiences(ada, caseId), Is.All.EqualTo("Admins"));
        });
    }

    [Test]
    public async Task QueueMessages_OfAnotherTeam_NeverReachAnAgent()
    {
        using var app = await new DeskApp().StartAsync();
        using var avaHttp = await app.ClientFor("ava");
        using var benHttp = await app.ClientFor("ben");
        await using var dan = await LiveClient.DeskAsync(app, "dan");
        await using var olga = await LiveClient.DeskAsync(app, "olga");

        // A Front Line case goes through its life: queued, claimed, noted, replied, offered, declined, resolved.
        var caseId = await app.OpenOwnedAsync(avaHttp);
        await avaHttp.PostOkAsync($"/api/cases/{caseId}/notes", new { text = "Checked the courier's photos." });
        await avaHttp.PostOkAsync($"/api/cases/{caseId}/replies", new { text = "We are sending a new vase." });
        var offered = await avaHttp.PostOkAsync($"/api/cases/{caseId}/handoffs", new { toAgentId = app.StaffIds["ben"], note = "Can you follow up?" });
        await benHttp.PostOkAsync($"/api/cases/{caseId}/handoffs/{offered.GetProperty("handoffId").GetGuid()}/decline", new { reason = "On leave tomorrow." });
        await avaHttp.PostOkAsync($"/api/cases/{caseId}/resolve", new { summary = "Replacement delivered." });

        await dan.WaitForAsync(await app.OpenAsync(avaHttp, "Billing"), "CaseOpened");
        await olga.WaitForAsync(await app.OpenAsync(avaHttp, "Outpost"), "CaseOpened");
        Assert.Multiple(() =>
        {
            Assert.That(dan.ReceivedFor(caseId), Is.Empty, "Billing hears nothing of a Front Line case");
            Assert.That(olga.ReceivedFor(caseId), Is.Empty, "Outpost hears nothing of a Front Line case");
            Assert.That(dan.Received.Select(m => m.GetProperty("row").GetProperty("teamId").GetGuid()), Is.All.EqualTo(app.TeamIds["Billing"]));
        });
    }

    [Test]
    public async Task TeamMembership_Changed_TakesEffectOnLiveConnectionsAtOnce()
    {
        using var app = await new DeskApp().StartAsync();
        using var avaHttp = await app.ClientFor("ava");
        using var adaHttp = await app.ClientFor("ada");
        await using var ben = await LiveClient.DeskAsync(app, "ben");
        await using var dan = await LiveClient.DeskAsync(app, "dan");
        await ben.WaitForAsync(await app.OpenAsync(avaHttp), "CaseOpened");
        var frontLine = app.TeamIds["Front Line"];

        (await adaHttp.DeleteAsync($"/api/teams/{frontLine}/members/{app.StaffIds["ben"]}")).EnsureSuccessStatusCode();
        (await adaHttp.PutAsync($"/api/teams/{frontLine}/members/{app.StaffIds["dan"]}", content: null)).EnsureSuccessStatusCode();
        var afterChange = await app.OpenAsync(avaHttp);

        await dan.WaitForAsync(afterChange, "CaseOpened");
        // Marker for Ben: a hand-off offered to him by name still reaches him.
        await avaHttp.PostOkAsync($"/api/cases/{afterChange}/claim");
        await avaHttp.PostOkAsync($"/api/cases/{afterChange}/handoffs", new { toAgentId = app.StaffIds["ben"], note = "Yours if you want it." });
        await ben.WaitForAsync(afterChange, "HandoffOffered");
        Assert.That(ben.EventsFor(afterChange), Is.EqualTo(new[] { "HandoffOffered" }), "nothing from the Front Line queue after leaving it");
    }

    [Test]
    public async Task Colleague_Deactivated_IsDisconnectedAtOnce()
    {
        using var app = await new DeskApp().StartAsync();
        using var adaHttp = await app.ClientFor("ada");
        await using var cara = await LiveClient.DeskAsync(app, "cara");

        await adaHttp.PostOkAsync($"/api/staff/{app.StaffIds["cara"]}/deactivate");

        await cara.Closed.WaitAsync(LiveClient.Patience);
        Assert.That(cara.Connection.State, Is.EqualTo(HubConnectionState.Disconnected));
    }

    [Test]
    public async Task DeskHub_WithoutSignIn_IsRefused()
    {
        using var app = await new DeskApp().StartAsync();
        await using var anonymous = LiveClient.Unstarted(app, "/hubs/desk");

        var refused = Assert.CatchAsync<HttpRequestException>(() => anonymous.StartAsync());

        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task DeskHub_ClientAsksToJoinAnotherGroup_HasNoWayTo()
    {
        using var app = await new DeskApp().StartAsync();
        await using var dan = await LiveClient.DeskAsync(app, "dan");

        foreach (var method in new[] { "JoinGroup", "AddToGroupAsync", "Join", "Subscribe" })
        {
            Assert.ThrowsAsync<HubException>(() => dan.Connection.InvokeAsync(method, $"team:{app.TeamIds["Front Line"]}"), method);
        }

        using var avaHttp = await app.ClientFor("ava");
        var frontLineCase = await app.OpenAsync(avaHttp);
        await dan.WaitForAsync(await app.OpenAsync(avaHttp, "Billing"), "CaseOpened");
        Assert.That(dan.ReceivedFor(frontLineCase), Is.Empty);
    }

    [Test]
    public async Task DeskHub_WithSignInCookie_ServesSupervisorBoard()
    {
        using var app = await new DeskApp().StartAsync();
        using var avaHttp = await app.ClientFor("ava");
        using var danHttp = await app.ClientFor("dan");
        await using var sam = await LiveClient.DeskWithCookieAsync(app, await app.SignInCookieAsync("sam"));

        var frontLine = await app.OpenOwnedAsync(avaHttp);
        var billing = await app.OpenOwnedAsync(danHttp, "Billing");

        await sam.WaitForAsync(frontLine, "CaseClaimed");
        await sam.WaitForAsync(billing, "CaseClaimed");
    }

    [Test]
    public async Task ClaimRace_Losers_PushNothing()
    {
        using var app = await new DeskApp().StartAsync();
        var claimants = new[] { "ava", "ben", "cara", "sam" };
        var clients = new List<HttpClient>();
        foreach (var key in claimants)
        {
            clients.Add(await app.ClientFor(key));
        }

        await using var observer = await LiveClient.DeskAsync(app, "sam");
        var caseId = await app.OpenAsync(clients[0]);

        var answers = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync($"/api/cases/{caseId}/claim", new { })));

        Assert.That(answers.Count(a => a.IsSuccessStatusCode), Is.EqualTo(1));
        Assert.That(answers.Where(a => !a.IsSuccessStatusCode).Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.Conflict));
        await observer.WaitForAsync(await app.OpenAsync(clients[0]), "CaseOpened");
        Assert.That(observer.EventsFor(caseId).Count(e => e == "CaseClaimed"), Is.EqualTo(1));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        Assert.That(await db.OutboxMessages.CountAsync(m => m.CaseId == caseId && m.EventName == "CaseClaimed" && !m.IsPublic), Is.EqualTo(1), "only the winner's claim was written");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Test]
    public async Task RefusedCommands_InvalidOrNotAllowed_PushNothing()
    {
        using var app = await new DeskApp().StartAsync();
        using var avaHttp = await app.ClientFor("ava");
        using var danHttp = await app.ClientFor("dan");
        await using var sam = await LiveClient.DeskAsync(app, "sam");
        var caseId = await app.OpenOwnedAsync(avaHttp);
        var before = (await sam.WaitForAsync(caseId, "CaseClaimed")).GetProperty("version").GetInt32();

        Assert.That((await avaHttp.PostAsJsonAsync($"/api/cases/{caseId}/replies", new { text = "" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await danHttp.PostAsJsonAsync($"/api/cases/{caseId}/replies", new { text = "Not my case." })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await avaHttp.PostAsJsonAsync($"/api/cases/{caseId}/close", new { })).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));

        var marker = await avaHttp.PostOkAsync($"/api/cases/{caseId}/notes", new { text = "Marker." });
        var note = await sam.WaitForAsync(caseId, "NoteAdded");
        Assert.Multiple(() =>
        {
            Assert.That(sam.EventsFor(caseId), Does.Not.Contain("ReplySent").And.Not.Contain("CaseClosed"));
            Assert.That(note.GetProperty("version").GetInt32(), Is.EqualTo(before + 1).And.EqualTo(marker.GetProperty("version").GetInt32()), "nothing committed in between");
        });
    }
}
