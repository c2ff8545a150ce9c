using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>
/// One request with something wrong in it. Path and body may name {id}, {handoffId} and {promiseId}
/// (a fresh case Ava owns, with a promise and a hand-off to Ben pending), {team}, {ava} and {ben}.
/// A null body sends no body at all; a null caller has not signed in.
/// </summary>
public sealed record BadCall(
    string Name,
    string Method,
    string Path,
    string? Body,
    HttpStatusCode Expected,
    string? ErrorField = null,
    string? Caller = "ava",
    string? IfMatch = null,
    string? IdempotencyKey = null)
{
    private static readonly string[] CasePlaceholders = ["{id}", "{handoffId}", "{promiseId}"];

    public bool NeedsCase => CasePlaceholders.Any(name => $"{Path}{Body}".Contains(name, StringComparison.Ordinal));

    public override string ToString() => Name;
}

/// <summary>Malformed, mistyped, missing, oversized and nonsensical input: always a 4xx problem, never a 500, never a change.</summary>
public sealed class BadInputTests : ApiFixture
{
    private const HttpStatusCode BadRequest = HttpStatusCode.BadRequest;
    private const HttpStatusCode NotFound = HttpStatusCode.NotFound;

    private static readonly string UnknownId = Guid.NewGuid().ToString();
    private static readonly string Text8001 = new('a', 8001);
    private static readonly string Text2001 = new('a', 2001);
    private static readonly string Subject201 = new('s', 201);
    private static readonly string Over64KB = new('x', 70_000);

    [TestCaseSource(nameof(BadCalls))]
    public async Task BadInput_IsRefusedWithAProblemAndChangesNothing(BadCall call)
    {
        var staged = call.NeedsCase ? await StageAsync(Stage.PromisedOffered) : null;
        var before = await SnapshotAsync(staged);
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), Fill(call.Path, staged));
        if (call.Body is not null)
        {
            request.Content = new StringContent(Fill(call.Body, staged), Encoding.UTF8, "application/json");
        }

        if (call.IfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", call.IfMatch);
        }

        if (call.IdempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", call.IdempotencyKey);
        }

        var client = call.Caller is null ? Anonymous() : await As(call.Caller);
        using var response = await client.SendAsync(request);

        var problem = await response.ClientProblemAsync();
        Assert.That(response.StatusCode, Is.EqualTo(call.Expected), problem.ToString());
        if (call.ErrorField is { } field)
        {
            Assert.That(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), Is.True, $"errors names {field}: {problem}");
        }

        Assert.That(await SnapshotAsync(staged), Is.EqualTo(before), "bad input changes nothing");
    }

    private static IEnumerable<TestCaseData> BadCalls()
    {
        BadCall[] calls =
        [
            // POST /api/cases
            new("Create_WithMalformedJson_Returns400", "POST", "/api/cases", """{"customer": {"name": "Ann" """, BadRequest),
            new("Create_WithoutABody_Returns400", "POST", "/api/cases", null, BadRequest),
            new("Create_WithJsonNull_Returns400", "POST", "/api/cases", "null", BadRequest),
            new("Create_WithAnArrayBody_Returns400", "POST", "/api/cases", "[]", BadRequest),
            new("Create_WithANumericPriority_Returns400", "POST", "/api/cases", Case(c => c["priority"] = 5), BadRequest),
            new("Create_WithANumericPriorityString_Returns400", "POST", "/api/cases", Case(c => c["priority"] = "1"), BadRequest),
            new("Create_WithAnUnknownPriority_Returns400", "POST", "/api/cases", Case(c => c["priority"] = "P9"), BadRequest),
            new("Create_WithAnUnknownChannel_Returns400", "POST", "/api/cases", Case(c => c["channel"] = "Fax"), BadRequest),
            new("Create_WithoutAPriority_Returns400", "POST", "/api/cases", Case(c => c.Remove("priority")), BadRequest, "priority"),
            new("Create_WithATeamIdThatIsNotAGuid_Returns400", "POST", "/api/cases", Case(c => c["teamId"] = "front-line"), BadRequest),
            new("Create_WithoutATeamId_Returns400", "POST", "/api/cases", Case(c => c.Remove("teamId")), BadRequest, "teamId"),
            new("Create_WithAnUnknownTeam_Returns400", "POST", "/api/cases", Case(c => c["teamId"] = UnknownId), BadRequest, "teamId"),
            new("Create_WithANullCustomer_Returns400", "POST", "/api/cases", Case(c => c["customer"] = null), BadRequest, "customer"),
            new("Create_WithACustomerThatIsAString_Returns400", "POST", "/api/cases", Case(c => c["customer"] = "Margaret Hill"), BadRequest),
            new("Create_WithANullCustomerName_Returns400", "POST", "/api/cases", Case(c => c["customer"]!["name"] = null), BadRequest, "customer.name"),
            new("Create_WithNoWayToReachTheCustomer_Returns400", "POST", "/api/cases", Case(c => c["customer"] = new JsonObject { ["name"] = "Ann Other" }), BadRequest, "customer"),
            new("Create_WithAnInvalidEmail_Returns400", "POST", "/api/cases", Case(c => c["customer"]!["email"] = "not-an-email"), BadRequest, "customer.email"),
            new("Create_WithLettersInThePhoneNumber_Returns400", "POST", "/api/cases", Case(c => c["customer"]!["phone"] = "call me maybe"), BadRequest, "customer.phone"),
            new("Create_WithANullSubject_Returns400", "POST", "/api/cases", Case(c => c["subject"] = null), BadRequest, "subject"),
            new("Create_WithA201CharacterSubject_Returns400", "POST", "/api/cases", Case(c => c["subject"] = Subject201), BadRequest, "subject"),
            new("Create_WithAControlCharacterInTheSubject_Returns400", "POST", "/api/cases", Case(c => c["subject"] = "Broken\u0007vase"), BadRequest, "subject"),
            new("Create_WithAn8001CharacterDescription_Returns400", "POST", "/api/cases", Case(c => c["description"] = Text8001), BadRequest, "description"),
            new("Create_WithAnOverlongIdempotencyKey_Returns400", "POST", "/api/cases", Case(_ => { }), BadRequest, "idempotencyKey", IdempotencyKey: new string('k', 101)),
            new("Create_WithABodyOver64KB_Returns413", "POST", "/api/cases", Case(c => c["description"] = Over64KB), HttpStatusCode.RequestEntityTooLarge),

            // Replies and notes
            new("Reply_WithMalformedJson_Returns400", "POST", "/api/cases/{id}/replies", """{"text": """, BadRequest),
            new("Reply_WithoutABody_Returns400", "POST", "/api/cases/{id}/replies", null, BadRequest),
            new("Reply_WithJsonNull_Returns400", "POST", "/api/cases/{id}/replies", "null", BadRequest),
            new("Reply_WithANumberForText_Returns400", "POST", "/api/cases/{id}/replies", """{"text": 5}""", BadRequest),
            new("Reply_WithNullText_Returns400", "POST", "/api/cases/{id}/replies", """{"text": null}""", BadRequest, "text"),
            new("Reply_WithEmptyText_Returns400", "POST", "/api/cases/{id}/replies", """{"text": ""}""", BadRequest, "text"),
            new("Reply_WithOnlySpaces_Returns400", "POST", "/api/cases/{id}/replies", """{"text": "   "}""", BadRequest, "text"),
            new("Reply_With8001Characters_Returns400", "POST", "/api/cases/{id}/replies", Json(new { text = Text8001 }), BadRequest, "text"),
            new("Reply_WithABellCharacter_Returns400", "POST", "/api/cases/{id}/replies", Json(new { text = "Ding\u0007dong" }), BadRequest, "text"),
            new("Reply_WithANulCharacter_Returns400", "POST", "/api/cases/{id}/replies", Json(new { text = "Null\u0000byte" }), BadRequest, "text"),
            new("Reply_WithALoneSurrogate_Returns400", "POST", "/api/cases/{id}/replies", """{"text": "half an emoji \ud83d"}""", BadRequest),
            new("Reply_WithABodyOver64KB_Returns413", "POST", "/api/cases/{id}/replies", Json(new { text = Over64KB }), HttpStatusCode.RequestEntityTooLarge),
            new("Reply_WithAnIfMatchThatIsNotAVersion_Returns400", "POST", "/api/cases/{id}/replies", Json(new { text = "Hello" }), BadRequest, IfMatch: "yesterday"),
            new("Reply_ToAnIdThatIsNotAGuid_Returns404", "POST", "/api/cases/12345/replies", Json(new { text = "Hello" }), NotFound),
            new("Reply_ToAnUnknownCase_Returns404", "POST", $"/api/cases/{UnknownId}/replies", Json(new { text = "Hello" }), NotFound),
            new("Note_WithNullText_Returns400", "POST", "/api/cases/{id}/notes", """{"text": null}""", BadRequest, "text"),
            new("Note_With8001Characters_Returns400", "POST", "/api/cases/{id}/notes", Json(new { text = Text8001 }), BadRequest, "text"),
            new("Note_WithAnEscapeCharacter_Returns400", "POST", "/api/cases/{id}/notes", Json(new { text = "\u001b[31mred" }), BadRequest, "text"),
            new("Note_OnAnUnknownCase_Returns404", "POST", $"/api/cases/{UnknownId}/notes", Json(new { text = "Hello" }), NotFound),

            // Promises
            new("Promise_DueTomorrowInWords_Returns400", "POST", "/api/cases/{id}/promises", """{"text": "Call back", "dueAt": "tomorrow"}""", BadRequest),
            new("Promise_WithANumberForDueAt_Returns400", "POST", "/api/cases/{id}/promises", """{"text": "Call back", "dueAt": 5}""", BadRequest),
            new("Promise_WithoutDueAt_Returns400", "POST", "/api/cases/{id}/promises", """{"text": "Call back"}""", BadRequest, "dueAt"),
            new("Promise_WithoutText_Returns400", "POST", "/api/cases/{id}/promises", """{"dueAt": "2026-03-09T09:00:00Z"}""", BadRequest, "text"),
            new("Promise_With8001Characters_Returns400", "POST", "/api/cases/{id}/promises", Json(new { text = Text8001, dueAt = "2026-03-09T09:00:00Z" }), BadRequest, "text"),
            new("Promise_DueInThePast_Returns409", "POST", "/api/cases/{id}/promises", """{"text": "Call back", "dueAt": "2026-03-01T09:00:00Z"}""", HttpStatusCode.Conflict),
            new("KeepPromise_WithAPromiseIdThatIsNotAGuid_Returns404", "POST", "/api/cases/{id}/promises/first/kept", null, NotFound),
            new("KeepPromise_WithAnUnknownPromise_Returns404", "POST", $"/api/cases/{{id}}/promises/{UnknownId}/kept", null, NotFound),
            new("Renegotiate_ToSoonInWords_Returns400", "POST", "/api/cases/{id}/promises/{promiseId}/renegotiate", """{"newDueAt": "soon", "note": "Courier is late."}""", BadRequest),
            new("Renegotiate_WithoutANote_Returns400", "POST", "/api/cases/{id}/promises/{promiseId}/renegotiate", """{"newDueAt": "2026-03-10T09:00:00Z", "note": null}""", BadRequest, "note"),
            new("Renegotiate_WithA2001CharacterNote_Returns400", "POST", "/api/cases/{id}/promises/{promiseId}/renegotiate", Json(new { newDueAt = "2026-03-10T09:00:00Z", note = Text2001 }), BadRequest, "note"),

            // Hand-offs
            new("Offer_WithoutABody_Returns400", "POST", "/api/cases/{id}/handoffs", null, BadRequest),
            new("Offer_ToAnAgentAndATeamAtOnce_Returns400", "POST", "/api/cases/{id}/handoffs", """{"toAgentId": "{ben}", "toTeamId": "{team}", "note": "Both?"}""", BadRequest, "target"),
            new("Offer_ToNobody_Returns400", "POST", "/api/cases/{id}/handoffs", """{"note": "To whom?"}""", BadRequest, "target"),
            new("Offer_ToAnAgentIdThatIsNotAGuid_Returns400", "POST", "/api/cases/{id}/handoffs", """{"toAgentId": "ben", "note": "Yours."}""", BadRequest),
            new("Offer_ToAnUnknownAgent_Returns400", "POST", "/api/cases/{id}/handoffs", Json(new { toAgentId = UnknownId, note = "Yours." }), BadRequest, "toAgentId"),
            new("Offer_WithAn8001CharacterNote_Returns400", "POST", "/api/cases/{id}/handoffs", Json(new { toAgentId = "{ben}", note = Text8001 }), BadRequest, "note"),
            new("Accept_WithAHandoffIdThatIsNotAGuid_Returns404", "POST", "/api/cases/{id}/handoffs/latest/accept", null, NotFound, Caller: "ben"),
            new("Accept_AnUnknownHandoff_Returns404", "POST", $"/api/cases/{{id}}/handoffs/{UnknownId}/accept", null, NotFound, Caller: "ben"),
            new("Decline_WithANullReason_Returns400", "POST", "/api/cases/{id}/handoffs/{handoffId}/decline", """{"reason": null}""", BadRequest, "reason", Caller: "ben"),
            new("Decline_WithA2001CharacterReason_Returns400", "POST", "/api/cases/{id}/handoffs/{handoffId}/decline", Json(new { reason = Text2001 }), BadRequest, "reason", Caller: "ben"),
            new("Decline_WithoutABody_Returns400", "POST", "/api/cases/{id}/handoffs/{handoffId}/decline", null, BadRequest, Caller: "ben"),
            new("Cancel_AnUnknownHandoff_Returns404", "POST", $"/api/cases/{{id}}/handoffs/{UnknownId}/cancel", null, NotFound),
            new("Cancel_OnAnUnknownCase_Returns404", "POST", $"/api/cases/{UnknownId}/handoffs/{{handoffId}}/cancel", null, NotFound),
            new("Reassign_WithoutAnAgent_Returns400", "POST", "/api/cases/{id}/reassign", """{"reason": "Ava is away."}""", BadRequest, "toAgentId", Caller: "sam"),
            new("Reassign_ToAnUnknownAgent_Returns400", "POST", "/api/cases/{id}/reassign", Json(new { toAgentId = UnknownId, reason = "Ava is away." }), BadRequest, "toAgentId", Caller: "sam"),
            new("Reassign_WithA2001CharacterReason_Returns400", "POST", "/api/cases/{id}/reassign", Json(new { toAgentId = "{ben}", reason = Text2001 }), BadRequest, "reason", Caller: "sam"),

            // Lifecycle
            new("Claim_OnAnIdThatIsNotAGuid_Returns404", "POST", "/api/cases/RD-7K3Q9F/claim", null, NotFound),
            new("Claim_OnAnUnknownCase_Returns404", "POST", $"/api/cases/{UnknownId}/claim", null, NotFound),
            new("WaitOnCustomer_OnAnUnknownCase_Returns404", "POST", $"/api/cases/{UnknownId}/wait-on-customer", null, NotFound),
            new("Resolve_WithANullSummary_Returns400", "POST", "/api/cases/{id}/resolve", """{"summary": null}""", BadRequest, "summary"),
            new("Resolve_WithAn8001CharacterSummary_Returns400", "POST", "/api/cases/{id}/resolve", Json(new { summary = Text8001 }), BadRequest, "summary"),
            new("Reopen_WithAControlCharacterInTheReason_Returns400", "POST", "/api/cases/{id}/reopen", Json(new { reason = "Again\u0008" }), BadRequest, "reason"),
            new("ChangePriority_ToP9_Returns400", "POST", "/api/cases/{id}/priority", """{"priority": "P9"}""", BadRequest),
            new("ChangePriority_ToNull_Returns400", "POST", "/api/cases/{id}/priority", """{"priority": null}""", BadRequest, "priority"),
            new("ChangePriority_OnAnUnknownCase_Returns404", "POST", $"/api/cases/{UnknownId}/priority", """{"priority": "P1"}""", NotFound),
            new("Close_OnAnUnknownCase_Returns404", "POST", $"/api/cases/{UnknownId}/close", null, NotFound),

            // Reads
            new("ListCases_PageZero_Returns400", "GET", "/api/cases?page=0", null, BadRequest, "page"),
            new("ListCases_PageAbc_Returns400", "GET", "/api/cases?page=abc", null, BadRequest),
            new("ListCases_PageBeyondInt_Returns400", "GET", "/api/cases?page=99999999999", null, BadRequest),
            new("ListCases_PageIntMax_Returns400", "GET", "/api/cases?page=2147483647", null, BadRequest, "page"),
            new("ListCases_PageSize100000_Returns400", "GET", "/api/cases?pageSize=100000", null, BadRequest, "pageSize"),
            new("ListCases_PageSizeNegative_Returns400", "GET", "/api/cases?pageSize=-1", null, BadRequest, "pageSize"),
            new("ListCases_UnknownStatus_Returns400", "GET", "/api/cases?status=Lost", null, BadRequest),
            new("ListCases_NumericStatus_Returns400", "GET", "/api/cases?status=42", null, BadRequest),
            new("ListCases_UnknownPriority_Returns400", "GET", "/api/cases?priority=P9", null, BadRequest),
            new("ListCases_UnknownView_Returns400", "GET", "/api/cases?view=someday", null, BadRequest, "view"),
            new("ListCases_NumericView_Returns400", "GET", "/api/cases?view=42", null, BadRequest, "view"),
            new("ListCases_UnknownSort_Returns400", "GET", "/api/cases?sort=alphabetical", null, BadRequest, "sort"),
            new("ListCases_SortsAsAList_Returns400", "GET", "/api/cases?sort=oldest,priority", null, BadRequest, "sort"),
            new("ListCases_NumericSort_Returns400", "GET", "/api/cases?sort=9", null, BadRequest, "sort"),
            new("ListCases_UnknownChannel_Returns400", "GET", "/api/cases?channel=Fax", null, BadRequest),
            new("ListCases_UnknownSlaState_Returns400", "GET", "/api/cases?sla=late", null, BadRequest, "sla"),
            new("ListCases_PageBeyondTheFirst10000Cases_Returns400", "GET", "/api/cases?page=401&pageSize=25", null, BadRequest, "page"),
            new("ListCases_OwnerIdThatIsNotAGuid_Returns400", "GET", "/api/cases?ownerId=ava", null, BadRequest),
            new("ListCases_101CharacterQuery_Returns400", "GET", $"/api/cases?q={new string('q', 101)}", null, BadRequest, "q"),
            new("ListCases_ControlCharacterInQuery_Returns400", "GET", "/api/cases?q=%07", null, BadRequest, "q"),
            new("ListCases_OneCharacterQuery_Returns400", "GET", "/api/cases?q=m", null, BadRequest, "q"),
            new("ListCases_OneCharacterQueryInSpaces_Returns400", "GET", "/api/cases?q=%20m%20", null, BadRequest, "q"),
            new("CaseByReference_21Characters_Returns400", "GET", $"/api/references/{new string('R', 21)}", null, BadRequest, "reference"),
            new("CaseByReference_Malformed_Returns404", "GET", "/api/references/RD-00000", null, NotFound),
            new("Queue_LimitZero_Returns400", "GET", "/api/queue?limit=0", null, BadRequest, "limit"),
            new("Queue_LimitAboveTheMaximum_Returns400", "GET", "/api/queue?limit=501", null, BadRequest, "limit"),
            new("Queue_LimitNegative_Returns400", "GET", "/api/queue?limit=-1", null, BadRequest, "limit"),
            new("Queue_LimitAbc_Returns400", "GET", "/api/queue?limit=abc", null, BadRequest),
            new("GetCase_IdThatIsNotAGuid_Returns404", "GET", "/api/cases/not-a-guid", null, NotFound),
            new("GetCase_UnknownId_Returns404", "GET", $"/api/cases/{UnknownId}", null, NotFound),
            new("Timeline_UnknownCase_Returns404", "GET", $"/api/cases/{UnknownId}/timeline", null, NotFound),

            // Admin and sign-in
            new("CreateStaff_WithAnUnknownRole_Returns400", "POST", "/api/staff", Json(new { email = "kim@test.example", displayName = "Kim King", password = "Long-Enough-Password-1!", roles = new[] { "King" }, teamIds = Array.Empty<Guid>() }), BadRequest, Caller: "ada"),
            new("CreateStaff_WithAShortPassword_Returns400", "POST", "/api/staff", Json(new { email = "kim@test.example", displayName = "Kim King", password = "short", roles = new[] { "Agent" }, teamIds = Array.Empty<Guid>() }), BadRequest, "password", Caller: "ada"),
            new("CreateStaff_InAnUnknownTeam_Returns400", "POST", "/api/staff", Json(new { email = "kim@test.example", displayName = "Kim King", password = "Long-Enough-Password-1!", roles = new[] { "Agent" }, teamIds = new[] { UnknownId } }), BadRequest, "teamIds", Caller: "ada"),
            new("CreateStaff_WithoutRoles_Returns400", "POST", "/api/staff", Json(new { email = "kim@test.example", displayName = "Kim King", password = "Long-Enough-Password-1!" }), BadRequest, "roles", Caller: "ada"),
            new("CreateTeam_WithANullName_Returns400", "POST", "/api/teams", """{"name": null}""", BadRequest, "name", Caller: "ada"),
            new("CreateTeam_WithA101CharacterName_Returns400", "POST", "/api/teams", Json(new { name = new string('t', 101) }), BadRequest, "name", Caller: "ada"),
            new("DeactivateStaff_Unknown_Returns404", "POST", $"/api/staff/{UnknownId}/deactivate", null, NotFound, Caller: "ada"),
            new("AddTeamMember_UnknownTeam_Returns404", "PUT", $"/api/teams/{UnknownId}/members/{{ben}}", null, NotFound, Caller: "ada"),
            new("AddTeamMember_StaffIdThatIsNotAGuid_Returns404", "PUT", "/api/teams/{team}/members/ben", null, NotFound, Caller: "ada"),
            new("Login_WithMalformedJson_Returns400", "POST", "/api/auth/login", """{"email": """, BadRequest, Caller: null),
            new("Login_WithoutABody_Returns400", "POST", "/api/auth/login", null, BadRequest, Caller: null),
            new("Refresh_WithAWrongType_Returns400", "POST", "/api/auth/refresh", """{"refreshToken": 42}""", BadRequest, Caller: null),
        ];
        return calls.Select(call => new TestCaseData(call).SetName(call.Name));
    }

    private static string Json(object body) => JsonSerializer.Serialize(body);

    /// <summary>A valid new case, changed in one way.</summary>
    private static string Case(Action<JsonObject> change)
    {
        var body = new JsonObject
        {
            ["customer"] = new JsonObject { ["name"] = "Margaret Hill", ["email"] = "m.hill@example.com" },
            ["subject"] = "Parcel arrived damaged",
            ["description"] = "The box was crushed and the vase inside is broken.",
            ["channel"] = "Phone",
            ["priority"] = "P2",
            ["teamId"] = "{team}",
        };
        change(body);
        return body.ToJsonString();
    }

    private string Fill(string template, StagedCase? staged) => template
        .Replace("{id}", staged?.Id.ToString() ?? string.Empty, StringComparison.Ordinal)
        .Replace("{handoffId}", staged?.HandoffId?.ToString() ?? string.Empty, StringComparison.Ordinal)
        .Replace("{promiseId}", staged?.PromiseId?.ToString() ?? string.Empty, StringComparison.Ordinal)
        .Replace("{team}", App.TeamIds["Front Line"].ToString(), StringComparison.Ordinal)
        .Replace("{ava}", App.StaffIds["ava"].ToString(), StringComparison.Ordinal)
        .Replace("{ben}", App.StaffIds["ben"].ToString(), StringComparison.Ordinal);

    /// <summary>Everything a bad request could have changed: the staged case, the number of cases, staff and teams.</summary>
    private async Task<string> SnapshotAsync(StagedCase? staged)
    {
        var sam = await As("sam");
        var total = JsonSerializer.Deserialize<JsonElement>(await sam.GetStringAsync("/api/cases?pageSize=1")).GetProperty("total").GetInt32();
        var directory = await (await As("ada")).GetStringAsync("/api/staff?includeInactive=true");
        return $"{(staged is null ? string.Empty : await CaseTextAsync(staged.Id))}\n{total}\n{directory}";
    }
}
