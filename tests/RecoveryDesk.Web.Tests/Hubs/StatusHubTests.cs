using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Web.Hubs;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Hubs;

/// <summary>/hubs/status: a customer with reference and access code sees public changes to that case only.</summary>
public sealed class StatusHubTests
{
    [Test]
    public async Task Watch_WithRightCode_ReceivesPublicChangesAndNeverInternalOnes()
    {
        using var app = await new DeskApp().StartAsync();
        using var avaHttp = await app.ClientFor("ava");
        using var benHttp = await app.ClientFor("ben");
        var opened = await app.OpenCaseAsync(avaHttp);
        var caseId = opened.GetProperty("id").GetGuid();
        var reference = opened.GetProperty("reference").GetString()!;
        await using var customer = await LiveClient.StatusAsync(app);

        var page = await customer.Connection.InvokeAsync<JsonElement>("Watch", reference.ToLowerInvariant(), opened.GetProperty("accessCode").GetString());
        Assert.Multiple(() =>
        {
            Assert.That(page.GetProperty("reference").GetString(), Is.EqualTo(reference), "Watch answers with the status page");
            Assert.That(page.GetProperty("version").GetInt32(), Is.EqualTo(opened.GetProperty("version").GetInt32()));
        });

        await avaHttp.PostOkAsync($"/api/cases/{caseId}/claim");
        await avaHttp.PostOkAsync($"/api/cases/{caseId}/notes", new { text = "INTERNAL-NOTE: she mentioned a lawyer." });
        var offered = await avaHttp.PostOkAsync($"/api/cases/{caseId}/handoffs", new { toAgentId = app.StaffIds["ben"], note = "HANDOFF-NOTE: refund approved, not yet told." });
        await benHttp.PostOkAsync($"/api/cases/{caseId}/handoffs/{offered.GetProperty("handoffId").GetGuid()}/accept");
        var replied = await benHttp.PostOkAsync($"/api/cases/{caseId}/replies", new { text = "A new vase is on its way and arrives Thursday." });

        var reply = await customer.WaitForAsync(reference, "ReplySent");
        Assert.Multiple(() =>
        {
            Assert.That(reply.GetProperty("version").GetInt32(), Is.EqualTo(replied.GetProperty("version").GetInt32()));
            Assert.That(reply.GetProperty("entry").GetProperty("text").GetString(), Is.EqualTo("A new vase is on its way and arrives Thursday."));
            Assert.That(reply.GetProperty("entry").GetProperty("by").GetString(), Is.EqualTo("Ben"));
            Assert.That(reply.GetProperty("ownerFirstName").GetString(), Is.EqualTo("Ben"));
            Assert.That(reply.GetProperty("status").GetString(), Is.EqualTo("Open"));
            Assert.That(reply.GetProperty("statusText").GetString(), Does.StartWith("Ben "));
        });

        // Everything before the reply has arrived too, in order; none of it internal.
        Assert.That(customer.EventsFor(reference), Is.EqualTo(new[] { "CaseClaimed", "OwnerChanged", "ReplySent" }));
        Assert.That(customer.Received[0].GetProperty("entry").GetProperty("text").GetString(), Is.EqualTo("Ava is now looking after your case."));
        var everything = string.Join("\n", customer.Received.Select(m => m.GetRawText()));
        Assert.Multiple(() =>
        {
            Assert.That(everything, Does.Not.Contain("INTERNAL-NOTE").And.Not.Contain("HANDOFF-NOTE"));
            Assert.That(everything, Does.Not.Contain("Thompson").And.Not.Contain("Okafor"), "staff surnames");
            Assert.That(everything, Does.Not.Contain("@test.example").And.Not.Contain("m.hill@example.com"), "email addresses");
            Assert.That(everything, Does.Not.Contain(caseId.ToString()), "no internal ids");
            Assert.That(everything, Does.Not.Contain("handoff").IgnoreCase, "nothing about the hand-off itself");
        });
    }

    [Test]
    public async Task NewAccessCode_PagesOpenWithTheOldCodeHearNothingMore_TheNewCodeHearsOn()
    {
        using var app = await new DeskApp().StartAsync();
        using var ava = await app.ClientFor("ava");
        var opened = await app.OpenCaseAsync(ava);
        var caseId = opened.GetProperty("id").GetGuid();
        var reference = opened.GetProperty("reference").GetString()!;
        await ava.PostOkAsync($"/api/cases/{caseId}/claim");
        await using var oldPage = await LiveClient.StatusAsync(app);
        await oldPage.Connection.InvokeAsync<JsonElement>("Watch", reference, opened.GetProperty("accessCode").GetString());

        var issued = await ava.PostOkAsync($"/api/cases/{caseId}/access-code");
        await using var newPage = await LiveClient.StatusAsync(app);
        await newPage.Connection.InvokeAsync<JsonElement>("Watch", reference, issued.GetProperty("accessCode").GetString());
        await ava.PostOkAsync($"/api/cases/{caseId}/replies", new { text = "Only the new link hears this." });
        await newPage.WaitForAsync(reference, "ReplySent");
        // A later public change, delivered after the reply in case order: by then the old page would have had the reply.
        await ava.PostOkAsync($"/api/cases/{caseId}/wait-on-customer");
        await newPage.WaitForAsync(reference, "CaseWaitingOnCustomer");

        Assert.That(oldPage.EventsFor(reference), Is.Empty, "the old code's page hears nothing after the new code");
    }

    [Test]
    public async Task Watch_WrongCodeOrUnknownReference_GetTheSameRefusalAndNothingAfter()
    {
        using var app = await new DeskApp().StartAsync();
        using var avaHttp = await app.ClientFor("ava");
        var opened = await app.OpenCaseAsync(avaHttp);
        var caseId = opened.GetProperty("id").GetGuid();
        var reference = opened.GetProperty("reference").GetString()!;
        await using var guesser = await LiveClient.StatusAsync(app);
        await using var customer = await LiveClient.StatusAsync(app);

        var wrongCode = Assert.ThrowsAsync<HubException>(() => guesser.Connection.InvokeAsync<JsonElement>("Watch", reference, "not-the-code"));
        var unknownCase = Assert.ThrowsAsync<HubException>(() => guesser.Connection.InvokeAsync<JsonElement>("Watch", "RD-222222", opened.GetProperty("accessCode").GetString()));
        var nonsense = Assert.ThrowsAsync<HubException>(() => guesser.Connection.InvokeAsync<JsonElement>("Watch", "'; drop table Cases; --", ""));

        Assert.Multiple(() =>
        {
            Assert.That(wrongCode!.Message, Does.EndWith(PublicCaseAccess.Refusal));
            Assert.That(unknownCase!.Message, Is.EqualTo(wrongCode.Message));
            Assert.That(nonsense!.Message, Is.EqualTo(wrongCode.Message));
        });

        await customer.Connection.InvokeAsync<JsonElement>("Watch", reference, opened.GetProperty("accessCode").GetString());
        await avaHttp.PostOkAsync($"/api/cases/{caseId}/claim");
        await customer.WaitForAsync(reference, "CaseClaimed");
        Assert.That(guesser.Received, Is.Empty);
    }

    [Test]
    public async Task Watch_ManyWrongCodes_AreCutOff_ButTheRightCodeStillOpens()
    {
        using var app = await new DeskApp(settings: new Dictionary<string, string> { ["RateLimits:CustomerPerReferencePerMinute"] = "10" }).StartAsync();
        using var avaHttp = await app.ClientFor("ava");
        var opened = await app.OpenCaseAsync(avaHttp);
        await using var guesser = await LiveClient.StatusAsync(app);

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var refused = Assert.ThrowsAsync<HubException>(() => guesser.Connection.InvokeAsync<JsonElement>("Watch", opened.GetProperty("reference").GetString(), $"guess-{attempt}"));
            Assert.That(refused!.Message, Does.EndWith(PublicCaseAccess.Refusal));
        }

        var cutOff = Assert.ThrowsAsync<HubException>(() =>
            guesser.Connection.InvokeAsync<JsonElement>("Watch", opened.GetProperty("reference").GetString(), "guess-11"));
        var view = await guesser.Connection.InvokeAsync<JsonElement>("Watch", opened.GetProperty("reference").GetString(), opened.GetProperty("accessCode").GetString());
        Assert.That(cutOff!.Message, Does.EndWith(StatusHub.TooManyAttempts), "the 11th wrong code for the reference");
        Assert.That(view.GetProperty("reference").GetString(), Is.EqualTo(opened.GetProperty("reference").GetString()), "the right code is never refused");
    }
}
