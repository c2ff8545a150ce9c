using System.Net.Http.Json;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Public;

/// <summary>What the customer reads in each state: the desk's own due times, the owner's first name, in plain words.</summary>
public sealed class StatusWordingTests : CustomerDesk
{
    [Test]
    public async Task New_SaysWhenSomeoneWillPickItUp_ByTheTimeToOwnTarget()
    {
        var view = await ViewAsync(await OpenAsync());
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("New"));
            Assert.That(view.GetProperty("statusText").GetString(), Is.EqualTo("We have your complaint; someone will pick it up by Monday 2 March at 10:00 UTC."));
            Assert.That(view.GetProperty("ownerFirstName").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(view.GetProperty("nextStep").GetProperty("text").GetString(), Is.EqualTo("Someone from our team picks up your complaint."));
            Assert.That(view.GetProperty("nextStep").GetProperty("dueAt").GetDateTimeOffset(), Is.EqualTo(Start.AddHours(1)));
            Assert.That(view.GetProperty("timeZone").GetString(), Is.EqualTo("UTC"));
            Assert.That(view.GetProperty("addressAs").GetString(), Is.EqualTo("Mrs Hill"));
            Assert.That(Texts(view), Is.EqualTo(new[] { "We received your complaint." }));
        });
    }

    [Test]
    public async Task Open_NotYetAnswered_NamesTheOwnerAndTheFirstResponseDue()
    {
        var link = await ClaimedAsync();
        var view = await ViewAsync(link);
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("statusText").GetString(), Is.EqualTo("Ava is looking into this; we will update you by Monday 2 March at 13:00 UTC."));
            Assert.That(view.GetProperty("ownerFirstName").GetString(), Is.EqualTo("Ava"));
            Assert.That(view.GetProperty("nextStep").GetProperty("text").GetString(), Is.EqualTo("Ava replies to you."));
            Assert.That(view.GetProperty("nextStep").GetProperty("dueAt").GetDateTimeOffset(), Is.EqualTo(Start.AddHours(4)));
            Assert.That(Texts(view), Is.EqualTo(new[] { "We received your complaint.", "Ava is now looking after your case." }));
        });
    }

    [Test]
    public async Task Open_Answered_NextStepIsTheEarliestOfPromisesAndResolution()
    {
        var link = await ClaimedAsync();
        await StaffAsync($"/api/cases/{link.Id}/replies", new { text = "So sorry, Mrs Hill. I am on it." });
        var afterReply = await ViewAsync(link);
        Assert.That(afterReply.GetProperty("statusText").GetString(), Is.EqualTo("Ava is looking into this; we will update you by Tuesday 3 March at 01:00 UTC."),
            "P2 resolution: 16 working hours on a 24x7 calendar");
        Assert.That(afterReply.GetProperty("nextStep").GetProperty("text").GetString(), Is.EqualTo("Ava puts this right."));

        await StaffAsync($"/api/cases/{link.Id}/promises", new { text = "I will call you back about the refund.", dueAt = Start.AddHours(6) });
        var view = await ViewAsync(link);
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("statusText").GetString(), Is.EqualTo("Ava is looking into this; we will update you by Monday 2 March at 15:00 UTC."));
            Assert.That(view.GetProperty("nextStep").GetProperty("text").GetString(), Is.EqualTo("I will call you back about the refund."));
            Assert.That(view.GetProperty("nextStep").GetProperty("dueAt").GetDateTimeOffset(), Is.EqualTo(Start.AddHours(6)));
            var promise = view.GetProperty("openPromises").EnumerateArray().Single();
            Assert.That(promise.GetProperty("text").GetString(), Is.EqualTo("I will call you back about the refund."));
            Assert.That(promise.GetProperty("dueAt").GetDateTimeOffset(), Is.EqualTo(Start.AddHours(6)));
            Assert.That(Texts(view), Does.Contain("Promised by Monday 2 March at 15:00 UTC: I will call you back about the refund."));
            Assert.That(Texts(view), Does.Contain("So sorry, Mrs Hill. I am on it."));
        });
    }

    [Test]
    public async Task WaitingOnCustomer_AsksForTheirAnswer_WithNoDueTime()
    {
        var link = await ClaimedAsync();
        await StaffAsync($"/api/cases/{link.Id}/wait-on-customer");
        var view = await ViewAsync(link);
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("WaitingOnCustomer"));
            Assert.That(view.GetProperty("statusText").GetString(), Is.EqualTo("Ava is waiting for your answer; write back below and we will carry on."));
            Assert.That(view.GetProperty("nextStep").GetProperty("text").GetString(), Is.EqualTo("Write back to Ava with your answer."));
            Assert.That(view.GetProperty("nextStep").GetProperty("dueAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(Texts(view).Last(), Is.EqualTo("We are waiting for your answer."));
        });
    }

    [Test]
    public async Task Resolved_AsksToConfirmAndRate_ThenThanks()
    {
        var link = await ResolvedAsync();
        var view = await ViewAsync(link);
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("statusText").GetString(), Is.EqualTo("Ava has put this right. Please confirm it is solved and tell us how we did."));
            Assert.That(view.GetProperty("nextStep").GetProperty("text").GetString(), Is.EqualTo("Confirm the problem is solved, or tell us it is not."));
            Assert.That(view.GetProperty("canConfirmResolution").GetBoolean(), Is.True);
            Assert.That(view.GetProperty("surveyOpen").GetBoolean(), Is.True);
            Assert.That(view.GetProperty("resolvedAt").GetDateTimeOffset(), Is.EqualTo(Start));
            Assert.That(Texts(view).Last(), Is.EqualTo("Resolved: A replacement vase was delivered."));
        });

        await WriteAsync(link, "confirmation", new { resolved = true });
        Assert.That((await ViewAsync(link)).GetProperty("statusText").GetString(), Is.EqualTo("Ava has put this right. Please tell us how we did."));
        var rated = await WriteAsync(link, "feedback", new { satisfaction = 5, buyAgain = "Yes", recommend = 10 });
        Assert.Multiple(() =>
        {
            Assert.That(rated.GetProperty("statusText").GetString(), Is.EqualTo("Ava has put this right. Thank you for your feedback."));
            Assert.That(rated.GetProperty("nextStep").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(rated.GetProperty("feedbackGiven").GetBoolean(), Is.True);
            Assert.That(rated.GetProperty("surveyOpen").GetBoolean(), Is.False);
        });
    }

    [Test]
    public async Task Closed_SaysSo_AndStillAsksHowWeDid()
    {
        var view = await ViewAsync(await ClosedAsync());
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("Closed"));
            Assert.That(view.GetProperty("statusText").GetString(), Is.EqualTo("Your case is closed. Please tell us how we did. If anything is still wrong, write to us below."));
            Assert.That(view.GetProperty("nextStep").GetProperty("text").GetString(), Is.EqualTo("Answer three short questions about how we did."));
            Assert.That(view.GetProperty("canConfirmResolution").GetBoolean(), Is.False);
            Assert.That(Texts(view).Last(), Is.EqualTo("Your case is closed."));
        });
    }

    [Test]
    public async Task Open_TeamCalendarInBerlin_WritesTimesInBerlin()
    {
        using var ada = await App.ClientFor("ada");
        var weekdays = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }.Select(day => new { day, start = "09:00:00", end = "17:00:00" });
        (await ada.PutAsJsonAsync($"/api/calendars/{App.TeamIds["Front Line"]}", new { timeZoneId = "Europe/Berlin", workingHours = weekdays })).EnsureSuccessStatusCode();
        var link = await ClaimedAsync();
        await StaffAsync($"/api/cases/{link.Id}/promises", new { text = "I will call you back.", dueAt = Start.AddDays(1) });
        var view = await ViewAsync(link);
        var staff = await StaffCaseAsync(link.Id);
        var me = await Ava.GetFromJsonAsync<JsonElement>("/api/me");
        var timeline = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/timeline");
        Assert.Multiple(() =>
        {
            // The staff pages write the case's times in the same zone, the same way.
            Assert.That(staff.GetProperty("timeZone").GetString(), Is.EqualTo("Europe/Berlin"));
            Assert.That(me.GetProperty("timeZone").GetString(), Is.EqualTo("Europe/Berlin"), "all of Ava's teams run in Berlin");
            Assert.That(timeline.EnumerateArray().Last().GetProperty("text").GetString(), Is.EqualTo("I will call you back. (by Tuesday 3 March at 10:00 (Europe/Berlin))"));
            // 09:00 UTC is 10:00 in Berlin; four working hours later it is 14:00 there.
            Assert.That(view.GetProperty("statusText").GetString(), Is.EqualTo("Ava is looking into this; we will update you by Monday 2 March at 14:00 (Europe/Berlin)."));
            Assert.That(view.GetProperty("nextStep").GetProperty("dueAt").GetDateTimeOffset(), Is.EqualTo(Start.AddHours(4)));
            Assert.That(view.GetProperty("timeZone").GetString(), Is.EqualTo("Europe/Berlin"));
        });
    }

    [Test]
    public async Task Open_FirstResponseOverdue_PromisesNoTimeInThePast()
    {
        var link = await ClaimedAsync();
        App.Clock.Advance(TimeSpan.FromHours(5));
        var view = await ViewAsync(link);
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("statusText").GetString(), Is.EqualTo("Ava is looking into this; we will update you as soon as possible."));
            Assert.That(view.GetProperty("nextStep").GetProperty("dueAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }
}
