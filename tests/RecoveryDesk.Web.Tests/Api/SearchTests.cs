using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>Finding a case as an agent types: reference, customer name, email, phone, subject; and a link by reference.</summary>
public sealed class SearchTests : ApiFixture
{
    [Test]
    public async Task Search_ByTheBeginningOfAnyWordOfTheCustomersName_FindsTheCase()
    {
        var surname = Unique("Kowalczyk");
        var opened = await OpenForAsync($"Zofia {surname}-Brandt", null, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await IdsAsync(surname[..7]), Does.Contain(opened), "the beginning of the surname");
            Assert.That(await IdsAsync(surname.ToUpperInvariant()), Does.Contain(opened), "any letter case");
            Assert.That(await IdsAsync($"zofia {surname}"), Does.Contain(opened), "several words, each beginning a word");
            Assert.That(await IdsAsync($"{surname} brandt"), Does.Contain(opened), "a hyphen separates words");
            Assert.That(await IdsAsync(surname[2..]), Does.Not.Contain(opened), "the middle of a word is not matched");
            Assert.That(await IdsAsync($"{surname} nobody"), Does.Not.Contain(opened), "every word must match");
        }
    }

    [Test]
    public async Task Search_ByAWordOfTheSubject_IgnoringAccents_FindsTheCase()
    {
        var word = Unique("Crème");
        var opened = await OpenForAsync("Ann Other", null, null, $"Broken {word} brûlée set");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await IdsAsync(word.Replace("è", "e", StringComparison.Ordinal)), Is.EqualTo(new[] { opened }));
            Assert.That(await IdsAsync(word), Is.EqualTo(new[] { opened }));
        }
    }

    [Test]
    public async Task Search_ByTheWholeEmailAddressInAnyLetterCase_FindsTheCase()
    {
        var email = $"{Unique("Pat.Reid")}@Example.com";
        var opened = await OpenForAsync("Pat Reid", email, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await IdsAsync(email.ToLowerInvariant()), Is.EqualTo(new[] { opened }));
            Assert.That(await IdsAsync($"  {email.ToUpperInvariant()} "), Is.EqualTo(new[] { opened }));
        }
    }

    [Test]
    public async Task Search_ByThePhoneNumberWrittenAnyWay_FindsTheCase()
    {
        var digits = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var opened = await OpenForAsync("Lee Marsh", null, $"+{digits[..2]} ({digits[2..5]}) {digits[5..]}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await IdsAsync(digits), Is.EqualTo(new[] { opened }));
            Assert.That(await IdsAsync($"{digits[..2]}-{digits[2..5]}-{digits[5..]}"), Is.EqualTo(new[] { opened }));
        }
    }

    [Test]
    public async Task Search_ByTheReferenceOrItsBeginning_FindsTheCase()
    {
        var opened = await OpenForAsync("Ruth Dale", null, null);
        var reference = (await CaseAsync(opened)).GetProperty("reference").GetString()!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await IdsAsync(reference), Is.EqualTo(new[] { opened }));
            Assert.That(await IdsAsync(reference[3..].ToLowerInvariant()), Is.EqualTo(new[] { opened }), "without RD-, in lower case");
            Assert.That(await IdsAsync(reference[..8].ToLowerInvariant(), pageSize: 200), Does.Contain(opened), "the first five characters");
            var all = await PageAsync($"q={reference[..5]}&pageSize=200");
            Assert.That(Items(all).Select(i => i.GetProperty("reference").GetString()), Has.All.StartsWith(reference[..5]));
        }
    }

    [Test]
    public async Task Search_WithNothingSearchable_FindsNothing()
    {
        var page = await PageAsync("q=!!");

        Assert.That(page.GetProperty("total").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task Search_InPages_ReportsTheTotal()
    {
        var token = Unique("Paging");
        for (var i = 0; i < 3; i++)
        {
            await OpenForAsync($"{token} Customer", null, null);
        }

        var first = await PageAsync($"q={token}&pageSize=2&page=1");
        var second = await PageAsync($"q={token}&pageSize=2&page=2");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.GetProperty("total").GetInt32(), Is.EqualTo(3));
            Assert.That(Items(first), Has.Count.EqualTo(2));
            Assert.That(Items(second), Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task CaseByReference_AsTyped_NamesTheCase_AndAnUnknownOneIsNotFound()
    {
        var opened = await OpenForAsync("Tom Vale", null, null);
        var reference = (await CaseAsync(opened)).GetProperty("reference").GetString()!;
        var ben = await As("ben");

        var link = await ben.GetFromJsonAsync<JsonElement>($"/api/references/{reference.ToLowerInvariant()}");
        using var unknown = await ben.GetAsync("/api/references/RD-ZZZZZZ");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(link.GetProperty("id").GetGuid(), Is.EqualTo(opened));
            Assert.That(link.GetProperty("reference").GetString(), Is.EqualTo(reference));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    private static string Unique(string word) => word + Guid.NewGuid().ToString("N")[..10];

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    private async Task<Guid> OpenForAsync(string name, string? email, string? phone, string? subject = null)
    {
        using var response = await (await As(Owner)).PostAsJsonAsync("/api/cases", new
        {
            customer = new { name, email = email ?? (phone is null ? "found@example.com" : null), phone },
            subject = subject ?? UniqueSubject(),
            description = "Found again by search.",
            channel = "Phone",
            priority = "P3",
            teamId = App.TeamIds["Front Line"],
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> PageAsync(string query) =>
        await (await As("ben")).GetFromJsonAsync<JsonElement>($"/api/cases?{query}");

    private async Task<List<Guid>> IdsAsync(string q, int pageSize = 25) =>
        [.. Items(await PageAsync($"q={Uri.EscapeDataString(q)}&pageSize={pageSize}")).Select(i => i.GetProperty("id").GetGuid())];
}
