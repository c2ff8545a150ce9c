using System.Net;
using System.Net.Http.Json;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>A write that names the version it was based on is refused once the case has moved on.</summary>
public sealed class IfMatchTests : ApiFixture
{
    [Test]
    public async Task Reply_WithIfMatchOfAnOlderVersion_Returns412AndChangesNothing()
    {
        var staged = await StageAsync(Stage.Owned);
        var before = await CaseTextAsync(staged.Id);

        using var response = await ReplyAsync(staged, $"\"{staged.Version - 1}\"");

        var problem = await response.ProblemAsync(HttpStatusCode.PreconditionFailed);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain($"it is now {staged.Version}"));
            Assert.That(await CaseTextAsync(staged.Id), Is.EqualTo(before));
        }
    }

    [Test]
    public async Task Reply_WithIfMatchOfTheCurrentVersion_Returns200AndTheNextVersion()
    {
        var staged = await StageAsync(Stage.Owned);

        using var response = await ReplyAsync(staged, $"\"{staged.Version}\"");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var version = await response.WrittenVersionAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(version, Is.EqualTo(staged.Version + 1));
            Assert.That((await CaseAsync(staged.Id)).GetProperty("firstResponseAt").GetDateTimeOffset(), Is.EqualTo(App.Clock.GetUtcNow()));
        }
    }

    [Test]
    public async Task Write_WithTheETagOfARead_SucceedsOnceThenTheSameETagIsStale()
    {
        var staged = await StageAsync(Stage.Owned);
        using var read = await (await As("ava")).GetAsync($"/api/cases/{staged.Id}");
        var etag = read.Headers.ETag?.Tag;
        Assert.That(etag, Is.EqualTo($"\"{staged.Version}\""), "a read's ETag is the case version");

        using var first = await ReplyAsync(staged, etag!);
        using var second = await ReplyAsync(staged, etag!);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await second.ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.That((await CaseAsync(staged.Id)).GetProperty("version").GetInt32(), Is.EqualTo(staged.Version + 1));
    }

    [Test]
    public async Task Claim_WithIfMatchOfAnOlderVersion_Returns412AndTheCaseStaysInTheQueue()
    {
        var staged = await StageAsync(Stage.New);
        await StepAsync("ava", staged, "notes", new { text = "Customer called again." });
        var before = await CaseTextAsync(staged.Id);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{staged.Id}/claim");
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{staged.Version}\"");

        using var response = await (await As("ben")).SendAsync(request);

        await response.ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.That(await CaseTextAsync(staged.Id), Is.EqualTo(before));
    }

    private async Task<HttpResponseMessage> ReplyAsync(StagedCase staged, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{staged.Id}/replies")
        {
            Content = JsonContent.Create(new { text = "We have booked a courier to collect the broken vase." }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await (await As("ava")).SendAsync(request);
    }
}
