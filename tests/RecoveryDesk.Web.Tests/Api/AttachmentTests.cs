using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RecoveryDesk.Web.Tests.Hubs;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>Files on replies, notes and customer messages: uploaded, sent with an entry, downloaded as inert bytes, seen only where they may be.</summary>
public sealed class AttachmentTests : ApiFixture
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    [Test]
    public async Task ReplyWithAPhoto_TheCustomerSeesAndDownloadsIt_ButNotTheNotesFile()
    {
        var (id, reference, code) = await OwnedCaseAsync();
        var ava = await As(Owner);
        var photo = await UploadAsync(ava, $"/api/cases/{id}/attachments", "label.png", Png);
        var memo = await UploadAsync(ava, $"/api/cases/{id}/attachments", "courier-notes.txt", "Depot says the van was late."u8.ToArray());

        await ava.PostOkAsync($"/api/cases/{id}/replies", new { text = "Here is the returns label.", attachmentIds = new[] { photo } });
        await ava.PostOkAsync($"/api/cases/{id}/notes", new { text = "Courier's account attached.", attachmentIds = new[] { memo } });

        var timeline = await TimelineAsync(id);
        var reply = Entry(timeline, "Reply");
        var note = Entry(timeline, "Note");
        var page = await CustomerGetAsync(reference, code, string.Empty);
        var publicReply = page.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "Reply");
        using var download = await CustomerSendAsync(HttpMethod.Get, reference, code, $"/attachments/{photo}");
        using var notesFile = await CustomerSendAsync(HttpMethod.Get, reference, code, $"/attachments/{memo}");
        using var staffDownload = await ava.GetAsync($"/api/cases/{id}/attachments/{memo}");
        Assert.Multiple(async () =>
        {
            Assert.That(reply.GetProperty("attachments")[0].GetProperty("fileName").GetString(), Is.EqualTo("label.png"));
            Assert.That(reply.GetProperty("attachments")[0].GetProperty("contentType").GetString(), Is.EqualTo("image/png"));
            Assert.That(note.GetProperty("attachments")[0].GetProperty("fileName").GetString(), Is.EqualTo("courier-notes.txt"));
            Assert.That(publicReply.GetProperty("attachments").GetArrayLength(), Is.EqualTo(1));
            Assert.That(page.GetRawText(), Does.Not.Contain("courier-notes.txt"), "a note's file is internal");
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo(Png));
            Assert.That(download.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/octet-stream"));
            Assert.That(download.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(download.Content.Headers.ContentDisposition?.FileName, Is.EqualTo("label.png"));
            Assert.That(download.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(notesFile.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await staffDownload.Content.ReadAsStringAsync(), Is.EqualTo("Depot says the van was late."));
        });
    }

    [Test]
    public async Task CustomerMessageWithAFile_ReachesTheTimeline_AndAnotherCustomerCannotFetchIt()
    {
        var (id, reference, code) = await OwnedCaseAsync();
        var (_, otherReference, otherCode) = await OwnedCaseAsync();
        var receipt = await CustomerUploadAsync(reference, code, "receipt.pdf", "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF"u8.ToArray());

        using var sent = await CustomerSendAsync(HttpMethod.Post, reference, code, "/messages", new { text = "My receipt is attached.", attachmentIds = new[] { receipt } });
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sent.Content.ReadAsStringAsync());

        var message = Entry(await TimelineAsync(id), "CustomerMessage");
        using var mine = await CustomerSendAsync(HttpMethod.Get, reference, code, $"/attachments/{receipt}");
        using var theirs = await CustomerSendAsync(HttpMethod.Get, otherReference, otherCode, $"/attachments/{receipt}");
        using var wrongCode = await CustomerSendAsync(HttpMethod.Get, reference, otherCode, $"/attachments/{receipt}");
        Assert.Multiple(() =>
        {
            Assert.That(message.GetProperty("attachments")[0].GetProperty("contentType").GetString(), Is.EqualTo("application/pdf"));
            Assert.That(mine.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(wrongCode.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [TestCase("photo.png", "<html><script>alert(1)</script></html>", "“photo.png” is not a PNG image: its content is plain text.")]
    [TestCase("invoice.html", "<html><body>Pay here</body></html>", "“invoice.html” cannot be attached.")]
    [TestCase("archive", "PK\u0003\u0004 zipped", "“archive” is not a file the desk takes.")]
    [TestCase("report.pdf", "\u0000\u0001\u0002 binary", "“report.pdf” is not a file the desk takes.")]
    public async Task Upload_OfAFileThatIsNotWhatItSays_Is415_AndKeepsNothing(string name, string content, string says)
    {
        var (id, _, _) = await OwnedCaseAsync();
        using var refused = await (await As(Owner)).PostAsync($"/api/cases/{id}/attachments", FileForm(name, Encoding.UTF8.GetBytes(content)));

        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith(says));
        });
    }

    [Test]
    public async Task Upload_OverTenMegabytes_Is413_AndAPathInTheNameKeepsOnlyItsLastPart()
    {
        var (id, _, _) = await OwnedCaseAsync();
        var ava = await As(Owner);
        var big = new byte[(10 * 1024 * 1024) + 1];
        Array.Fill(big, (byte)'a');

        using var tooBig = await ava.PostAsync($"/api/cases/{id}/attachments", FileForm("big.txt", big));
        using var pathed = await ava.PostAsync($"/api/cases/{id}/attachments", FileForm("../../etc/passwd.txt", "root:x:0:0"u8.ToArray()));
        var kept = await pathed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(tooBig.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(pathed.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(kept.GetProperty("fileName").GetString(), Is.EqualTo("passwd.txt"));
        });
    }

    [Test]
    public async Task Reply_NamingAnotherPersonsUpload_OrOneAlreadySent_Is400_AndChangesNothing()
    {
        var (id, _, _) = await OwnedCaseAsync();
        var ava = await As(Owner);
        var bens = await UploadAsync(await As("ben"), $"/api/cases/{id}/attachments", "bens.txt", "Ben's file."u8.ToArray());
        var avas = await UploadAsync(ava, $"/api/cases/{id}/attachments", "avas.txt", "Ava's file."u8.ToArray());
        await ava.PostOkAsync($"/api/cases/{id}/notes", new { text = "Sent once.", attachmentIds = new[] { avas } });
        var before = await CaseTextAsync(id);

        using var someoneElses = await ava.PostAsJsonAsync($"/api/cases/{id}/replies", new { text = "With Ben's file.", attachmentIds = new[] { bens } });
        using var again = await ava.PostAsJsonAsync($"/api/cases/{id}/replies", new { text = "With the same file again.", attachmentIds = new[] { avas } });
        using var tooMany = await ava.PostAsJsonAsync($"/api/cases/{id}/notes", new { text = "Six files.", attachmentIds = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()) });

        Assert.Multiple(async () =>
        {
            Assert.That(someoneElses.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(tooMany.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await CaseTextAsync(id), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Upload_AsJsonOrWithoutAFile_IsAProblem_NeverAServerError()
    {
        var (id, _, _) = await OwnedCaseAsync();
        var ava = await As(Owner);
        using var json = await ava.PostAsJsonAsync($"/api/cases/{id}/attachments", new { file = "label.png" });
        using var empty = await ava.PostAsync($"/api/cases/{id}/attachments", new MultipartFormDataContent { { new StringContent("x"), "note" } });
        using var nothing = await ava.PostAsync($"/api/cases/{id}/attachments", FileForm("empty.txt", []));
        using var noCase = await ava.PostAsync($"/api/cases/{Guid.NewGuid()}/attachments", FileForm("a.txt", "a"u8.ToArray()));
        var broken = new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nno closing boundary");
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
        using var noBoundary = await ava.PostAsync($"/api/cases/{id}/attachments", broken);
        Assert.Multiple(() =>
        {
            Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(nothing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(noCase.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(noBoundary.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(noBoundary.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
    }

    private async Task<(Guid Id, string Reference, string Code)> OwnedCaseAsync()
    {
        var ava = await As(Owner);
        var created = await App.OpenCaseAsync(ava, subject: UniqueSubject("Attachments"));
        var id = created.GetProperty("id").GetGuid();
        await ava.PostOkAsync($"/api/cases/{id}/claim");
        return (id, created.GetProperty("reference").GetString()!, created.GetProperty("accessCode").GetString()!);
    }

    private static MultipartFormDataContent FileForm(string name, byte[] content) => new()
    {
        { new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "file", name },
    };

    private static async Task<Guid> UploadAsync(HttpClient client, string path, string name, byte[] content)
    {
        using var response = await client.PostAsync(path, FileForm(name, content));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, () => $"upload {name}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text).GetProperty("id").GetGuid();
    }

    private async Task<Guid> CustomerUploadAsync(string reference, string code, string name, byte[] content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/public/cases/{reference}/attachments") { Content = FileForm(name, content) };
        request.Headers.Add("X-Access-Code", code);
        using var response = await Anonymous().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, () => $"customer upload {name}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text).GetProperty("id").GetGuid();
    }

    private async Task<HttpResponseMessage> CustomerSendAsync(HttpMethod method, string reference, string code, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, $"/api/public/cases/{reference}{path}") { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Access-Code", code);
        return await Anonymous().SendAsync(request);
    }

    private async Task<JsonElement> CustomerGetAsync(string reference, string code, string path)
    {
        using var response = await CustomerSendAsync(HttpMethod.Get, reference, code, path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Entry(JsonElement timeline, string kind) =>
        timeline.EnumerateArray().Last(e => e.GetProperty("kind").GetString() == kind);
}
