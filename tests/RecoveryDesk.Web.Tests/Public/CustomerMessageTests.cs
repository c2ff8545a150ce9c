using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Public;

/// <summary>The customer writes back: the message joins the timeline and moves the case on.</summary>
public sealed class CustomerMessageTests : CustomerDesk
{
    [Test]
    public async Task Message_OnOpenCase_JoinsTheTimelineAsYours_AndTheOwnerSeesIt()
    {
        var link = await ClaimedAsync();
        var view = await WriteAsync(link, "messages", new { text = "The courier has the photos too." });
        var last = view.GetProperty("timeline").EnumerateArray().Last();
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("reference").GetString(), Is.EqualTo(link.Reference));
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("Open"));
            Assert.That(last.GetProperty("kind").GetString(), Is.EqualTo("CustomerMessage"));
            Assert.That(last.GetProperty("by").GetString(), Is.EqualTo("You"));
            Assert.That(last.GetProperty("fromYou").GetBoolean(), Is.True);
            Assert.That(last.GetProperty("text").GetString(), Is.EqualTo("The courier has the photos too."));
            Assert.That(last.GetProperty("at").GetDateTimeOffset(), Is.EqualTo(Start));
        });

        var staffTimeline = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/timeline");
        var entry = staffTimeline.EnumerateArray().Last();
        Assert.Multiple(() =>
        {
            Assert.That(entry.GetProperty("kind").GetString(), Is.EqualTo("CustomerMessage"));
            Assert.That(entry.GetProperty("actorKind").GetString(), Is.EqualTo("Customer"));
            Assert.That(entry.GetProperty("isPublic").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task Message_WhileWaitingOnCustomer_ResumesTheCase()
    {
        var link = await ClaimedAsync();
        await StaffAsync($"/api/cases/{link.Id}/wait-on-customer");
        App.Clock.Advance(TimeSpan.FromHours(1));
        var view = await WriteAsync(link, "messages", new { text = "Here is my order number: 55102." });
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("Open"));
            Assert.That(Kinds(view)[^2..], Is.EqualTo(new[] { "CustomerMessage", "Resumed" }));
            // The hour spent waiting on the customer moves the first-response due time on by an hour.
            Assert.That(view.GetProperty("nextStep").GetProperty("dueAt").GetDateTimeOffset(), Is.EqualTo(Start.AddHours(5)));
        });
    }

    [Test]
    public async Task Message_OnResolvedCase_ReopensIt()
    {
        var link = await ResolvedAsync();
        var view = await WriteAsync(link, "messages", new { text = "The replacement is cracked as well." });
        var detail = await StaffCaseAsync(link.Id);
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("Open"));
            Assert.That(Kinds(view)[^2..], Is.EqualTo(new[] { "CustomerMessage", "Reopened" }));
            Assert.That(Texts(view)[^1], Is.EqualTo("Your message reopened the case."));
            Assert.That(detail.GetProperty("reopenCount").GetInt32(), Is.EqualTo(1));
            Assert.That(detail.GetProperty("ownerName").GetString(), Is.EqualTo("Ava Thompson"), "the owner stays the owner");
        });
    }

    [Test]
    public async Task Message_OnCaseClosedWithin14Days_ReopensIt()
    {
        var link = await ClosedAsync();
        App.Clock.Advance(TimeSpan.FromDays(13));
        var view = await WriteAsync(link, "messages", new { text = "It broke again." });
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("reference").GetString(), Is.EqualTo(link.Reference));
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("Open"));
            Assert.That(view.GetProperty("closedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(view.GetProperty("followUpReferences").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task Message_OnCaseClosedMoreThan14DaysAgo_OpensANewLinkedCaseInTheSameTeam()
    {
        var link = await ClosedAsync();
        App.Clock.Advance(TimeSpan.FromDays(15));
        var view = await WriteAsync(link, "messages", new { text = "The same vase is broken again." });
        var newReference = view.GetProperty("reference").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(newReference, Is.Not.EqualTo(link.Reference));
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("New"));
            Assert.That(view.GetProperty("linkedReference").GetString(), Is.EqualTo(link.Reference));
            Assert.That(Texts(view), Is.EqualTo(new[] { "We received your complaint.", "The same vase is broken again." }));
        });

        // The old case stays closed, shows the message and where it went; the same code opens the new one.
        var old = await ViewAsync(link);
        var followUp = await ViewAsync(link with { Reference = newReference });
        Assert.Multiple(() =>
        {
            Assert.That(old.GetProperty("status").GetString(), Is.EqualTo("Closed"));
            Assert.That(old.GetProperty("followUpReferences").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { newReference }));
            Assert.That(Texts(old)[^2..], Is.EqualTo(new[]
            {
                "The same vase is broken again.",
                $"This case was closed more than 14 days ago, so we opened a new case for your message: {newReference}.",
            }));
            Assert.That(followUp.GetProperty("reference").GetString(), Is.EqualTo(newReference));
        });

        var found = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases?q={newReference}");
        var row = found.GetProperty("items").EnumerateArray().Single();
        var detail = await StaffCaseAsync(row.GetProperty("id").GetGuid());
        Assert.Multiple(() =>
        {
            Assert.That(row.GetProperty("teamId").GetGuid(), Is.EqualTo(App.TeamIds["Front Line"]));
            Assert.That(row.GetProperty("priority").GetString(), Is.EqualTo("P2"));
            Assert.That(detail.GetProperty("channel").GetString(), Is.EqualTo("Web"));
            Assert.That(detail.GetProperty("subject").GetString(), Is.EqualTo($"Follow-up: customer wrote again about {link.Reference}"));
            Assert.That(detail.GetProperty("description").GetString(), Does.EndWith("\n\nThe same vase is broken again."));
            Assert.That(detail.GetProperty("reopenCount").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public async Task Message_WithScriptPayload_ComesBackByteForByteAsText()
    {
        const string payload = "<script>alert(1)</script> & \"quotes\" <b>bold</b>";
        var link = await ClaimedAsync();
        using var posted = await PostAsync(link.Reference, link.AccessCode, "messages", new { text = payload });
        Assert.That(posted.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        var view = await ViewAsync(link);
        var staffTimeline = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/timeline");
        Assert.Multiple(() =>
        {
            Assert.That(Texts(view)[^1], Is.EqualTo(payload));
            Assert.That(staffTimeline.EnumerateArray().Last().GetProperty("text").GetString(), Is.EqualTo(payload), "stored as written, not escaped or stripped");
        });
    }

    [Test]
    public async Task Message_TooLongOrEmpty_IsABadRequest()
    {
        var link = await ClaimedAsync();
        using var tooLong = await PostAsync(link.Reference, link.AccessCode, "messages", new { text = new string('x', 4001) });
        using var empty = await PostAsync(link.Reference, link.AccessCode, "messages", new { text = "   " });
        using var longest = await PostAsync(link.Reference, link.AccessCode, "messages", new { text = new string('x', 4000) });
        Assert.Multiple(async () =>
        {
            Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("text")[0].GetString(), Is.EqualTo("At most 4000 characters."));
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(longest.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Message_IsForTheOwner_InTheSameCommit()
    {
        var link = await ClaimedAsync();
        await WriteAsync(link, "messages", new { text = "Hello?" });
        Assert.That(await App.OutboxAudiencesAsync(link.Id, "CustomerMessageReceived"), Is.EqualTo(new[] { $"agent:{App.StaffIds["ava"]:D};supervisors" }));
    }
}
