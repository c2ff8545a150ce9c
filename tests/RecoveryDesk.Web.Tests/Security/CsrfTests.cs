using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using RecoveryDesk.Web.Tests.Api;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Security;

/// <summary>The cross-site request guard holds whenever the sign-in cookie is what authenticates the request.</summary>
public sealed class CsrfTests : SecurityFixture
{
    [TestCase("Basic eDp4")]
    [TestCase("Bearer not-a-token")]
    [TestCase("Negotiate abc")]
    public async Task CookieWrite_WithSomeOtherAuthorizationHeaderButNoRequestHeader_Is403AndChangesNothing(string authorization)
    {
        using var ava = await App.ClientFor("ava");
        var opened = await App.OpenCaseAsync(ava);
        var id = opened.GetProperty("id").GetGuid();
        using var browser = App.CreateClient();
        using var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = DeskApp.EmailOf("ava"), password = DeskApp.Password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/notes") { Content = JsonContent.Create(new { text = "Forged by another site." }) };
        forged.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        using var response = await browser.SendAsync(forged);

        var problem = await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Missing request header"));
        var timeline = await ava.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/cases/{id}/timeline");
        Assert.That(timeline.EnumerateArray().Select(e => e.GetProperty("text").GetString()), Has.None.Contains("Forged"));
    }

    [Test]
    public async Task Write_WithAValidBearerTokenAndTheCookie_NeedsNoRequestHeader()
    {
        using var ava = await App.ClientFor("ava");
        var opened = await App.OpenCaseAsync(ava);
        using var browser = App.CreateClient();
        using var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = DeskApp.EmailOf("ava"), password = DeskApp.Password });
        browser.DefaultRequestHeaders.Authorization = ava.DefaultRequestHeaders.Authorization;

        using var response = await browser.PostAsJsonAsync($"/api/cases/{opened.GetProperty("id").GetGuid()}/notes", new { text = "From an integration." });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
