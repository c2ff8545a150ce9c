using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Public;

/// <summary>After a resolution: "is it solved?", and the three loyalty questions, once.</summary>
public sealed class ResolutionAndFeedbackTests : CustomerDesk
{
    [Test]
    public async Task Confirm_Yes_IsRecordedOnTheTimeline_AndCannotBeRepeated()
    {
        var link = await ResolvedAsync();
        var view = await WriteAsync(link, "confirmation", new { resolved = true, comment = "Thanks, all good." });
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("Resolved"));
            Assert.That(view.GetProperty("resolutionConfirmed").GetBoolean(), Is.True);
            Assert.That(view.GetProperty("canConfirmResolution").GetBoolean(), Is.False);
            Assert.That(Kinds(view)[^2..], Is.EqualTo(new[] { "ResolutionConfirmed", "CustomerMessage" }));
            Assert.That(Texts(view)[^2..], Is.EqualTo(new[] { "Yes, this is resolved.", "Thanks, all good." }));
        });

        using var again = await PostAsync(link.Reference, link.AccessCode, "confirmation", new { resolved = false });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await StaffCaseAsync(link.Id)).GetProperty("reopenCount").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task Confirm_No_ReopensTheCase_AndCountsAsAReopen()
    {
        var link = await ResolvedAsync();
        var view = await WriteAsync(link, "confirmation", new { resolved = false, comment = "The vase is still chipped." });
        var detail = await StaffCaseAsync(link.Id);
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("Open"));
            Assert.That(view.GetProperty("statusText").GetString(), Does.StartWith("Ava is looking into this; we will update you by "));
            Assert.That(Texts(view)[^2..], Is.EqualTo(new[] { "The vase is still chipped.", "You told us the problem is not solved, so we reopened your case." }));
            Assert.That(detail.GetProperty("status").GetString(), Is.EqualTo("Open"));
            Assert.That(detail.GetProperty("reopenCount").GetInt32(), Is.EqualTo(1));
        });
    }

    [TestCase("Open")]
    [TestCase("Closed")]
    public async Task Confirm_WhenNotResolved_IsAConflict(string state)
    {
        var link = state == "Open" ? await ClaimedAsync() : await ClosedAsync();
        using var response = await PostAsync(link.Reference, link.AccessCode, "confirmation", new { resolved = true });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Feedback_Once_SecondAnswerIsAConflict()
    {
        var link = await ResolvedAsync();
        await WriteAsync(link, "feedback", new { satisfaction = 5, buyAgain = "Yes", recommend = 9 });
        using var second = await PostAsync(link.Reference, link.AccessCode, "feedback", new { satisfaction = 1, buyAgain = "No", recommend = 0 });
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("You have already told us how we did; thank you."));
        });
    }

    [Test]
    public async Task Feedback_AfterReopenAndNewResolution_IsAskedAgain()
    {
        var link = await ResolvedAsync();
        await WriteAsync(link, "feedback", new { satisfaction = 4, buyAgain = "Yes", recommend = 8 });
        await WriteAsync(link, "messages", new { text = "Actually it leaks." });
        await StaffAsync($"/api/cases/{link.Id}/resolve", new { summary = "Sealed and tested." });
        var view = await ViewAsync(link);
        Assert.That(view.GetProperty("surveyOpen").GetBoolean(), Is.True);
        await WriteAsync(link, "feedback", new { satisfaction = 5, buyAgain = "Yes", recommend = 10 });
    }

    [Test]
    public async Task Feedback_BeforeResolution_IsAConflict()
    {
        var link = await ClaimedAsync();
        using var response = await PostAsync(link.Reference, link.AccessCode, "feedback", new { satisfaction = 5, buyAgain = "Yes", recommend = 10 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await ViewAsync(link)).GetProperty("surveyOpen").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Feedback_OutOfRange_IsABadRequestPerField()
    {
        var link = await ResolvedAsync();
        using var response = await PostAsync(link.Reference, link.AccessCode, "feedback", new { satisfaction = 6, buyAgain = "Yes", recommend = 11 });
        using var badEnum = await PostAsync(link.Reference, link.AccessCode, "feedback", new { satisfaction = 3, buyAgain = "Maybe", recommend = 5 });
        using var missing = await PostAsync(link.Reference, link.AccessCode, "feedback", new { satisfaction = 3 });
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(errors.TryGetProperty("satisfaction", out _), Is.True);
            Assert.That(errors.TryGetProperty("recommend", out _), Is.True);
            Assert.That(badEnum.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task Feedback_Detractor_OpensAFollowUpCaseAtP2InTheSameTeam_OnTheBoard()
    {
        var link = await ClosedAsync();
        var view = await WriteAsync(link, "feedback", new { satisfaction = 2, buyAgain = "NotSure", recommend = 7, comment = "Took far too long." });
        var followUpReference = view.GetProperty("followUpReferences").EnumerateArray().Single().GetString()!;

        var found = await Ava.GetFromJsonAsync<JsonElement>("/api/cases?q=Follow-up");
        var row = found.GetProperty("items").EnumerateArray().Single();
        var detail = await StaffCaseAsync(row.GetProperty("id").GetGuid());
        Assert.Multiple(() =>
        {
            Assert.That(row.GetProperty("reference").GetString(), Is.EqualTo(followUpReference));
            Assert.That(row.GetProperty("subject").GetString(), Is.EqualTo($"Follow-up: unhappy feedback on {link.Reference}"));
            Assert.That(row.GetProperty("priority").GetString(), Is.EqualTo("P2"));
            Assert.That(row.GetProperty("status").GetString(), Is.EqualTo("New"));
            Assert.That(row.GetProperty("teamId").GetGuid(), Is.EqualTo(App.TeamIds["Front Line"]));
            Assert.That(detail.GetProperty("channel").GetString(), Is.EqualTo("Survey"));
            Assert.That(detail.GetProperty("description").GetString(), Does.Contain("Satisfaction 2/5; buy again: not sure; recommend 7/10.").And.Contain("Comment: Took far too long."));
        });

        var board = await Sam.GetFromJsonAsync<JsonElement>("/api/board");
        var listed = board.GetProperty("detractorFollowUps").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(listed.GetProperty("case").GetProperty("reference").GetString(), Is.EqualTo(followUpReference));
            Assert.That(listed.GetProperty("originalReference").GetString(), Is.EqualTo(link.Reference));
            Assert.That(listed.GetProperty("originalCaseId").GetGuid(), Is.EqualTo(link.Id));
        });

        // The original owner and the supervisors hear of it.
        Assert.That(await App.OutboxAudiencesAsync(link.Id, "FollowUpOpened"), Is.EqualTo(new[] { $"agent:{App.StaffIds["ava"]:D};supervisors" }));
        // The customer's link opens the follow-up too.
        var followUp = await ViewAsync(link with { Reference = followUpReference });
        Assert.That(followUp.GetProperty("linkedReference").GetString(), Is.EqualTo(link.Reference));
    }

    [Test]
    public async Task Feedback_Promoter_OpensNoFollowUp()
    {
        var link = await ResolvedAsync();
        var view = await WriteAsync(link, "feedback", new { satisfaction = 5, buyAgain = "Yes", recommend = 10, comment = "Wonderful." });
        var found = await Ava.GetFromJsonAsync<JsonElement>("/api/cases?q=Follow-up");
        var board = await Sam.GetFromJsonAsync<JsonElement>("/api/board");
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("followUpReferences").GetArrayLength(), Is.Zero);
            Assert.That(found.GetProperty("total").GetInt32(), Is.Zero);
            Assert.That(board.GetProperty("detractorFollowUps").GetArrayLength(), Is.Zero);
        });
    }
}
