using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Public;

/// <summary>Resolving a case that still owes the customer a promise: the owner says what became of each one, and the customer hears it.</summary>
public sealed class ResolveWithPromisesTests : CustomerDesk
{
    [Test]
    public async Task Resolve_WithAnOpenPromiseNotAccountedFor_IsAConflictNamingIt()
    {
        var link = await ClaimedAsync();
        await StaffAsync($"/api/cases/{link.Id}/promises", new { text = "I will call you back about the refund.", dueAt = Start.AddHours(6) });

        using var response = await Ava.PostAsJsonAsync($"/api/cases/{link.Id}/resolve", new { summary = "Refunded." });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var after = await StaffCaseAsync(link.Id);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("I will call you back about the refund."));
            Assert.That(after.GetProperty("status").GetString(), Is.EqualTo("Open"));
            Assert.That(after.GetProperty("promises")[0].GetProperty("status").GetString(), Is.EqualTo("Open"));
        });
    }

    [Test]
    public async Task Resolve_WithAPromiseBrokenWithoutAWordForTheCustomer_IsBadInputOnTheNote()
    {
        var link = await ClaimedAsync();
        var promiseId = await PromiseAsync(link, "I will call you back about the refund.");

        using var response = await Ava.PostAsJsonAsync($"/api/cases/{link.Id}/resolve", new { summary = "Refunded.", promises = new[] { new { promiseId, kept = false } } });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Has.Some.EndsWith("note").IgnoreCase);
        });
    }

    [Test]
    public async Task Resolve_WithOnePromiseKeptAndOneBroken_SettlesBothAndTellsTheCustomerWhy()
    {
        var link = await ClaimedAsync();
        var call = await PromiseAsync(link, "I will call you back about the refund.");
        var voucher = await PromiseAsync(link, "A voucher by post.");

        await StaffAsync($"/api/cases/{link.Id}/resolve", new
        {
            summary = "Refunded in full.",
            promises = new object[] { new { promiseId = call, kept = true }, new { promiseId = voucher, kept = false, note = "Vouchers are not sent by post any more; the refund includes its value." } },
        });

        var view = await ViewAsync(link);
        var staff = await StaffCaseAsync(link.Id);
        var mails = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail");
        var resolvedMail = mails.EnumerateArray().Single(m => m.GetProperty("kind").GetString() == "Resolved");
        var mail = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail/{resolvedMail.GetProperty("id").GetGuid()}");
        Assert.Multiple(() =>
        {
            Assert.That(staff.GetProperty("status").GetString(), Is.EqualTo("Resolved"));
            Assert.That(staff.GetProperty("promises").EnumerateArray().Select(p => p.GetProperty("status").GetString()), Is.EquivalentTo(new[] { "Kept", "Broken" }));
            Assert.That(Texts(view), Does.Contain("Promise kept: I will call you back about the refund."));
            Assert.That(Texts(view), Does.Contain("We did not keep our promise \"A voucher by post.\": Vouchers are not sent by post any more; the refund includes its value."));
            Assert.That(mail.GetProperty("text").GetString(), Does.Contain("Refunded in full.").And.Contain("Vouchers are not sent by post any more"));
        });
    }
}
