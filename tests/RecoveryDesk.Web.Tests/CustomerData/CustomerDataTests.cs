using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MimeKit;
using RecoveryDesk.Web.Tests.Public;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.CustomerData;

/// <summary>The customer's data rights end to end: export and erasure over HTTP, checked in the database file and the mail folders.</summary>
public sealed class CustomerDataTests : CustomerDesk
{
    private const string Name = "Philippa Quarrington";
    private const string Email = "p.quarrington@example.org";
    private const string Phone = "+44 7700 900123";
    private const string Message = "The QX-4471 kettle still leaks onto my counter.";
    private static readonly byte[] Photo = Encoding.UTF8.GetBytes("a photo of the QX-4471 puddle");

    /// <summary>What must be gone after the erasure, anywhere.</summary>
    private static readonly string[] Traces = ["Quarrington", Email, "900123", "QX-4471"];

    [Test]
    public async Task Export_OfACustomer_HoldsTheirCasesTimelineMailAttachmentsAndAnswers()
    {
        var link = await StageAsync();
        using var ada = await App.ClientFor("ada");

        using var response = await ada.GetAsync($"/api/customers/export?email={Uri.EscapeDataString("P.Quarrington@EXAMPLE.org")}");
        var export = await OkAsync(response);

        var exported = export.GetProperty("cases").EnumerateArray().Single();
        var timeline = exported.GetProperty("timeline").EnumerateArray().ToList();
        var mail = exported.GetProperty("mails").EnumerateArray().ToList();
        var attachment = exported.GetProperty("attachments").EnumerateArray().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(exported.GetProperty("reference").GetString(), Is.EqualTo(link.Reference));
            Assert.That(exported.GetProperty("customer").GetProperty("name").GetString(), Is.EqualTo(Name));
            Assert.That(exported.GetProperty("customer").GetProperty("phone").GetString(), Is.EqualTo(Phone));
            Assert.That(timeline.Select(t => t.GetProperty("text").GetString()), Does.Contain(Message));
            Assert.That(
                timeline.Where(t => t.GetProperty("kind").GetString() == "Note").Select(t => t.GetProperty("isPublic").GetBoolean()),
                Is.EqualTo(new[] { false }),
                "internal notes are in the export, marked internal");
            Assert.That(mail.Where(m => m.GetProperty("direction").GetString() == "Out").Select(m => m.GetProperty("to").GetString()), Has.All.EqualTo(Email).And.Not.Empty);
            Assert.That(mail.Where(m => m.GetProperty("direction").GetString() == "In").Select(m => m.GetProperty("text").GetString()), Has.One.Contains("photo of the kettle"));
            Assert.That(attachment.GetProperty("fileName").GetString(), Is.EqualTo("puddle.jpg"));
            Assert.That(attachment.GetProperty("size").GetInt64(), Is.EqualTo(Photo.Length));
            Assert.That(attachment.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Photo))));
            Assert.That(attachment.TryGetProperty("content", out _), Is.False, "files as metadata, never their bytes");
            Assert.That(exported.GetProperty("feedback").EnumerateArray().Single().GetProperty("comment").GetString(), Is.EqualTo("Thank you, QX-4471 works now."));
            Assert.That(export.ToString(), Does.Not.Contain("Margaret Hill"), "another customer's case is not in it");
        }
    }

    [Test]
    public async Task Erase_EndToEnd_LeavesNothingOfTheCustomerAnywhere_AndKeepsTheFigures()
    {
        var link = await StageAsync();
        var other = await OpenAsync();
        var mailFolder = Path.Combine(App.Folder, "mail");
        Assert.That(FolderTraces(), Is.Not.Empty, "the staged mail is on disk before the erasure");
        Assert.That(TableTraces(), Is.Not.Empty, "the staged data is in the database before the erasure");
        var figures = await FiguresAsync();
        using var ada = await App.ClientFor("ada");

        using var response = await ada.PostAsJsonAsync("/api/customers/erase", new { email = "P.Quarrington@Example.ORG" });
        var counts = await OkAsync(response);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(counts.GetProperty("cases").GetInt32(), Is.EqualTo(1));
            Assert.That(counts.GetProperty("mails").GetInt32(), Is.GreaterThan(0));
            Assert.That(counts.GetProperty("inboundMails").GetInt32(), Is.EqualTo(1));
            Assert.That(counts.GetProperty("attachments").GetInt32(), Is.EqualTo(1));
            Assert.That(TableTraces(), Is.Empty, "no table holds the customer's name, address, phone or words");
            Assert.That(FolderTraces(), Is.Empty, "no mail file holds them");
            Assert.That(await FiguresAsync(), Is.EqualTo(figures), "the figures are made of what stays");
        }

        var audit = await ada.GetFromJsonAsync<JsonElement>("/api/audit?what=CustomerErased");
        var entry = audit.GetProperty("items").EnumerateArray().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.GetProperty("actorId").GetGuid(), Is.EqualTo(App.StaffIds["ada"]));
            Assert.That(entry.ToString(), Does.Contain(link.Reference).And.Not.Contain("quarrington").IgnoreCase);
            Assert.That((await GetAsync(link.Reference, link.AccessCode)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the old link opens nothing");
            Assert.That((await StaffCaseAsync(link.Id)).GetProperty("customer").GetProperty("name").GetString(), Is.EqualTo("Erased customer"));
            Assert.That((await StaffCaseAsync(other.Id)).GetProperty("customer").GetProperty("name").GetString(), Is.EqualTo("Margaret Hill"), "another customer keeps their case");
        }

        // The desk may go on with the case; the customer is never mailed again.
        var mailBefore = (await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail")).GetArrayLength();
        await StaffAsync($"/api/cases/{link.Id}/reopen", new { reason = "Checking the erased case reopens." });
        await StaffAsync($"/api/cases/{link.Id}/replies", new { text = "Nobody should receive this." });
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail")).GetArrayLength(), Is.EqualTo(mailBefore));
            Assert.That(Directory.EnumerateFiles(mailFolder).Select(File.ReadAllText), Has.None.Contains("Nobody should receive this."));
        }

        using var again = await ada.PostAsJsonAsync("/api/customers/erase", new { email = Email });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "erasing twice finds nothing the second time");
    }

    [Test]
    public async Task CustomerData_ByNonAdmin_IsForbidden_BadEmailIs400_UnknownEmailIs404()
    {
        await StageAsync();
        using var ada = await App.ClientFor("ada");
        using var exportBySam = await Sam.GetAsync($"/api/customers/export?email={Email}");
        using var eraseBySam = await Sam.PostAsJsonAsync("/api/customers/erase", new { email = Email });
        using var eraseByAnonymous = await Customer.PostAsJsonAsync("/api/customers/erase", new { email = Email });
        using var badExport = await ada.GetAsync("/api/customers/export?email=not-an-address");
        using var badErase = await ada.PostAsJsonAsync("/api/customers/erase", new { email = "" });
        using var unknown = await ada.GetAsync("/api/customers/export?email=nobody@example.org");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exportBySam.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(eraseBySam.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(eraseByAnonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(badExport.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await badExport.Content.ReadAsStringAsync(), Does.Contain("email"));
            Assert.That(badErase.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        }

        Assert.That(TableTraces(), Is.Not.Empty, "refused calls erase nothing");
    }

    /// <summary>
    /// A whole recovery with the customer's words everywhere: their message from the status page, a reply,
    /// a note, a promise, mail to them in the pickup folder, their mail with a photo in the inbound folder,
    /// their loyalty answers with a comment; closed.
    /// </summary>
    private async Task<CustomerLink> StageAsync()
    {
        using var opened = await Ava.PostAsJsonAsync("/api/cases", new
        {
            customer = new { name = Name, email = Email, phone = Phone, preferredAddress = "Ms Quarrington" },
            subject = "Quarrington kettle leaks",
            description = "Philippa Quarrington says the QX-4471 kettle leaks.",
            channel = "Phone",
            priority = "P2",
            teamId = App.TeamIds["Front Line"],
        });
        var created = await OkOrCreatedAsync(opened);
        var link = new CustomerLink(created.GetProperty("id").GetGuid(), created.GetProperty("reference").GetString()!, created.GetProperty("accessCode").GetString()!);
        await StaffAsync($"/api/cases/{link.Id}/claim");
        await WriteAsync(link, "messages", new { text = Message });
        await StaffAsync($"/api/cases/{link.Id}/replies", new { text = "Dear Ms Quarrington, a new QX-4471 is on its way." });
        await StaffAsync($"/api/cases/{link.Id}/notes", new { text = $"Philippa rang from {Phone}." });
        var promiseId = await PromiseAsync(link, "Call Ms Quarrington about the QX-4471");

        var inbox = Path.Combine(App.Folder, "inbox");
        Directory.CreateDirectory(inbox);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(Name, Email));
        message.To.Add(new MailboxAddress("Front Line", "frontline@shop.example"));
        message.Subject = $"Re: [{link.Reference}] the QX-4471 puddle";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("quarrington.example.org");
        var body = new BodyBuilder { TextBody = "Here is a photo of the kettle." };
        body.Attachments.Add("puddle.jpg", Photo, new ContentType("image", "jpeg"));
        message.Body = body.ToMessageBody();
        await message.WriteToAsync(Path.Combine(inbox, "reply.eml.part"));
        File.Move(Path.Combine(inbox, "reply.eml.part"), Path.Combine(inbox, "reply.eml"));
        await Eventually.Until(
            () => Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail"),
            m => m.EnumerateArray().Any(x => x.GetProperty("direction").GetString() == "In"),
            "the customer's mail with the photo",
            30);

        await StaffAsync($"/api/cases/{link.Id}/resolve", new { summary = "Ms Quarrington has a new QX-4471.", promises = new[] { new { promiseId, kept = false, note = "Ms Quarrington asked us to write instead of calling." } } });
        await WriteAsync(link, "feedback", new { satisfaction = 5, buyAgain = "Yes", recommend = 9, comment = "Thank you, QX-4471 works now." });
        await StaffAsync($"/api/cases/{link.Id}/close");
        await Eventually.Until(
            () => Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail"),
            m => m.EnumerateArray().Where(x => x.GetProperty("direction").GetString() == "Out").All(x => x.GetProperty("state").GetString() == "Sent"),
            "the customer's mail written to the pickup folder");
        return link;
    }

    private async Task<string> FiguresAsync() =>
        (await Sam.GetFromJsonAsync<JsonElement>($"/api/metrics?from={Uri.EscapeDataString(Start.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(Start.AddDays(30).ToString("O"))}")).ToString();

    /// <summary>Every text and blob of every table of the database file, read directly, where a trace of the customer is found.</summary>
    private List<string> TableTraces()
    {
        var found = new List<string>();
        using var connection = new SqliteConnection($"Data Source={App.DatabaseFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var rows = select.ExecuteReader();
            while (rows.Read())
            {
                for (var i = 0; i < rows.FieldCount; i++)
                {
                    var text = rows.GetValue(i) switch
                    {
                        string s => s,
                        byte[] b => Encoding.UTF8.GetString(b),
                        _ => null,
                    };
                    if (text is not null && Traces.FirstOrDefault(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)) is { } trace)
                    {
                        found.Add($"{table}.{rows.GetName(i)}: {trace}");
                    }
                }
            }
        }

        return found;
    }

    /// <summary>The mail files (sent to the pickup folder, received in the inbound folder) where a trace of the customer is found.</summary>
    private List<string> FolderTraces() =>
        [.. new[] { "mail", "inbox" }
            .Select(f => Path.Combine(App.Folder, f))
            .Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories))
            .Where(file => Traces.Any(t => File.ReadAllText(file).Contains(t, StringComparison.OrdinalIgnoreCase)))];
}
