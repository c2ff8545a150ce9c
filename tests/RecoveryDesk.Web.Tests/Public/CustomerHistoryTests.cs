using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Public;

/// <summary>The case view lists the customer's other cases — same email in any letter case, or same phone — with how each ended for them.</summary>
public sealed class CustomerHistoryTests : CustomerDesk
{
    [Test]
    public async Task OtherCasesOfTheSameCustomer_AreListed_WithTheirStateAndLoyaltyAnswers_OthersAreNot()
    {
        var earlier = await ResolvedAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await WriteAsync(earlier, "feedback", new { satisfaction = 2, buyAgain = "NotSure", recommend = 4 });
        var byPhone = await OpenForAsync("Margaret H.", null, "+44 20 7946 0999");
        var stranger = await OpenForAsync("Someone Else", "someone.else@example.com", null);
        var current = await OpenForAsync("Mrs M. Hill", "M.Hill@Example.com", "+44 20 7946 0999");

        var history = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{current}/customer-history");
        var rows = history.EnumerateArray().ToList();
        using var unknown = await Ava.GetAsync($"/api/cases/{Guid.NewGuid()}/customer-history");
        var strangers = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{stranger}/customer-history");

        // The low answers opened a follow-up case for the same customer: it is one of theirs too.
        Assert.That(rows, Has.Count.EqualTo(3), "newest first; the stranger's case is not among them");
        Assert.That(rows[0].GetProperty("id").GetGuid(), Is.EqualTo(byPhone));
        Assert.That(rows[1].GetProperty("status").GetString(), Is.EqualTo("New"), "the detractor follow-up");
        Assert.That(rows[2].GetProperty("id").GetGuid(), Is.EqualTo(earlier.Id));
        Assert.That(rows[2].GetProperty("status").GetString(), Is.EqualTo("Resolved"));
        Assert.That(rows[2].GetProperty("loyalty").GetProperty("satisfaction").GetInt32(), Is.EqualTo(2));
        Assert.That(rows[2].GetProperty("loyalty").GetProperty("buyAgain").GetString(), Is.EqualTo("NotSure"));
        Assert.That(rows[2].GetProperty("loyalty").GetProperty("recommend").GetInt32(), Is.EqualTo(4));
        Assert.That(rows[0].GetProperty("loyalty").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(strangers.GetArrayLength(), Is.Zero);
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private async Task<Guid> OpenForAsync(string name, string? email, string? phone)
    {
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        using var response = await Ava.PostAsJsonAsync("/api/cases", new
        {
            customer = new { name, email, phone },
            subject = "Another complaint",
            description = "Something else went wrong.",
            channel = "Phone",
            priority = "P3",
            teamId = App.TeamIds["Front Line"],
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }
}
