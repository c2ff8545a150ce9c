using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Web.Tests.Reliability;

/// <summary>
/// Eight colleagues work the same twenty cases at once over HTTP — claiming, offering, accepting,
/// declining, cancelling and reassigning, each acting on what they last read — and afterwards every
/// case is in a state the ownership rules allow, with a contiguous history and no server error.
/// </summary>
public sealed class RaceTests
{
    private const int Seed = 4242;
    private const int Cases = 20;
    private const int StepsPerClient = 30;

    private static readonly string[] People = ["ava", "ben", "cara", "sam", "racer1", "racer2", "racer3", "racer4"];

    private ReliabilityDesk _desk = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _desk = await ReliabilityDesk.StartAsync();
        foreach (var racer in People.Where(p => p.StartsWith("racer", StringComparison.Ordinal)))
        {
            await _desk.App.AddAgentAsync(racer, $"Racer {racer[^1]}", "Front Line");
        }
    }

    [OneTimeTearDown]
    public void Stop() => _desk?.Dispose();

    [Test]
    public async Task ManyClients_MixedHandshakesOnTheSameCases_LeaveEveryCaseConsistent()
    {
        var ava = await _desk.As("ava");
        var ids = new List<Guid>();
        for (var i = 0; i < Cases; i++)
        {
            ids.Add((await _desk.App.OpenCaseAsync(ava, subject: $"Race {i}")).GetProperty("id").GetGuid());
        }

        var clients = new List<HttpClient>();
        foreach (var person in People)
        {
            clients.Add(await _desk.As(person));
        }

        var staffIds = People.Select(p => _desk.App.StaffIds[p]).ToArray();
        var failures = new ConcurrentBag<string>();
        var outcomes = new ConcurrentDictionary<string, int>();
        var workers = Enumerable.Range(0, People.Length).Select(worker => Task.Run(async () =>
        {
            var random = new Random(Seed + worker);
            var client = clients[worker];
            var me = staffIds[worker];
            for (var step = 0; step < StepsPerClient; step++)
            {
                var id = ids[random.Next(ids.Count)];
                var detail = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");
                var (action, body) = Choose(detail, me, staffIds, People[worker] == "sam", random);
                using var response = await client.PostAsync($"/api/cases/{id}/{action}", body is null ? null : JsonContent.Create(body));
                var status = (int)response.StatusCode;
                var verb = action.Split('/')[^1];
                outcomes.AddOrUpdate($"{verb} {status}", 1, (_, n) => n + 1);
                if (status >= 500 || status is not (200 or 201 or 403 or 404 or 409))
                {
                    failures.Add($"{People[worker]} POST {action} on {id}: {status} {await response.Content.ReadAsStringAsync()}");
                }
                else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{People[worker]} POST {action}: {status} without a problem body");
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        await TestContext.Out.WriteLineAsync($"Race: {People.Length} clients × {StepsPerClient} steps on {Cases} cases; outcomes: {string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}×{o.Value}"))}");
        Assert.That(failures, Is.Empty, () => string.Join("\n", failures));
        Assert.That(outcomes.Keys.Count(k => k.EndsWith(" 200", StringComparison.Ordinal) || k.EndsWith(" 201", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(3), "the race exercised several kinds of successful writes");

        await using var scope = _desk.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        var sam = await _desk.As("sam");
        var problems = new List<string>();
        foreach (var id in ids)
        {
            var detail = await sam.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");
            var status = detail.GetProperty("status").GetString();
            var owner = detail.GetProperty("ownerId").ValueKind == JsonValueKind.Null ? (Guid?)null : detail.GetProperty("ownerId").GetGuid();
            var claimed = detail.GetProperty("claimedAt").ValueKind != JsonValueKind.Null;
            var version = detail.GetProperty("version").GetInt32();
            if ((owner is null) != (status == "New") || (owner is null) == claimed)
            {
                problems.Add($"{id}: status {status}, owner {owner}, claimed {claimed}: owner must be set exactly when claimed");
            }

            var pending = await db.Handoffs.AsNoTracking().Where(h => h.CaseId == id && h.Status == HandoffStatus.Pending).ToListAsync();
            if (pending.Count > 1)
            {
                problems.Add($"{id}: {pending.Count} hand-offs pending at once");
            }

            if (pending.Count == 1 && pending[0].FromAgentId != owner)
            {
                problems.Add($"{id}: the pending offer is from {pending[0].FromAgentId}, but {owner} owns the case");
            }

            var versions = await db.Timeline.AsNoTracking().Where(t => t.CaseId == id).Select(t => t.CaseVersion).ToListAsync();
            var distinct = versions.Distinct().Order().ToList();
            if (!distinct.SequenceEqual(Enumerable.Range(1, version)))
            {
                problems.Add($"{id}: timeline versions [{string.Join(",", distinct)}] are not 1..{version}");
            }

            var timeline = await sam.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/timeline");
            if (timeline.GetArrayLength() != versions.Count)
            {
                problems.Add($"{id}: the timeline shows {timeline.GetArrayLength()} entries, the database holds {versions.Count}");
            }

            var claims = timeline.EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "Claimed");
            if (claims != (claimed ? 1 : 0))
            {
                problems.Add($"{id}: {claims} claims recorded");
            }
        }

        Assert.That(problems, Is.Empty, () => string.Join("\n", problems));
    }

    /// <summary>What a colleague does next with the case as they last read it; often stale by the time it arrives, which is the point.</summary>
    private static (string Action, object? Body) Choose(JsonElement detail, Guid me, Guid[] staff, bool supervisor, Random random)
    {
        var id = detail.GetProperty("id").GetGuid();
        var owner = detail.GetProperty("ownerId").ValueKind == JsonValueKind.Null ? (Guid?)null : detail.GetProperty("ownerId").GetGuid();
        var pending = detail.GetProperty("pendingHandoff");
        var roll = random.Next(100);
        if (owner is null || roll < 10)
        {
            return ("claim", null);
        }

        // Someone other than the owner: reassigning or offering a case to its owner is not a race, just a mistake.
        var others = staff.Where(s => s != owner).ToArray();
        var other = others[random.Next(others.Length)];
        if (pending.ValueKind == JsonValueKind.Object)
        {
            var handoff = pending.GetProperty("id").GetGuid();
            if (owner == me && roll % 2 == 0)
            {
                // The sender thinks better of it while the recipient may be accepting.
                return ($"handoffs/{handoff}/cancel", null);
            }

            return (roll % 4) switch
            {
                0 => ($"handoffs/{handoff}/accept", null),
                1 => ($"handoffs/{handoff}/decline", new { reason = $"Busy ({id:N})." }),
                2 => ($"handoffs/{handoff}/cancel", null),
                _ => supervisor ? ("reassign", new { toAgentId = other, reason = "Rebalancing." }) : ($"handoffs/{handoff}/accept", null),
            };
        }

        if (supervisor && roll < 40)
        {
            return ("reassign", new { toAgentId = other, reason = "Rebalancing." });
        }

        return owner == me || roll < 60
            ? ("handoffs", new { toAgentId = other, note = "Over to you." })
            : ("notes", new { text = "Looked at it." });
    }
}
