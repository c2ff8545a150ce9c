using Microsoft.Extensions.Time.Testing;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Sla;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Domain.Tests.Cases;

/// <summary>
/// A small desk to test against: a fake clock that only moves when told, two teams, the people who
/// work in them, one customer, and cases ready in each state of their life.
/// </summary>
public sealed class CaseBuilder
{
    public static readonly DateTimeOffset Start = new(2025, 3, 4, 9, 0, 0, TimeSpan.Zero);

    public static Guid TeamA { get; } = Guid.Parse("0a0a0a0a-0000-4000-8000-00000000000a");

    public static Guid TeamB { get; } = Guid.Parse("0b0b0b0b-0000-4000-8000-00000000000b");

    /// <summary>Agent in team A; the usual first owner.</summary>
    public static Actor Alice { get; } = Actor.Staff(Guid.Parse("a1a1a1a1-0000-4000-8000-0000000000a1"), "Alice Moreau", [TeamA], StaffRoles.Agent);

    /// <summary>Second agent in team A; Alice's colleague.</summary>
    public static Actor Ben { get; } = Actor.Staff(Guid.Parse("b2b2b2b2-0000-4000-8000-0000000000b2"), "Ben Okafor", [TeamA], StaffRoles.Agent);

    /// <summary>Agent in team B.</summary>
    public static Actor Chloe { get; } = Actor.Staff(Guid.Parse("c3c3c3c3-0000-4000-8000-0000000000c3"), "Chloe Tan", [TeamB], StaffRoles.Agent);

    /// <summary>Supervisor of the desk; works no queue herself.</summary>
    public static Actor Sofia { get; } = Actor.Staff(Guid.Parse("d4d4d4d4-0000-4000-8000-0000000000d4"), "Sofia Lind", [], StaffRoles.Supervisor);

    public static Actor TheCustomer { get; } = Actor.Customer("Margaret Hughes");

    public static Actor TheSystem => Actor.System;

    public static Customer MrsHughes { get; } = new("Margaret Hughes", "m.hughes@example.com", "+44 20 7946 0000", "Mrs Hughes");

    public FakeTimeProvider Clock { get; } = new(Start);

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>The access code handed out by the last <see cref="Opened"/>; only the customer's link carries it.</summary>
    public string AccessCode { get; private set; } = string.Empty;

    /// <summary>How long a hand-off waits for an answer on cases opened here; the default terms' when not set.</summary>
    public TimeSpan? HandoffAcknowledgement { get; init; }

    public DateTimeOffset Later(TimeSpan by) => Now + by;

    public void Advance(TimeSpan by) => Clock.Advance(by);

    /// <summary>A new complaint in team A's queue, opened by Alice at the front desk.</summary>
    public Case Opened(Guid? team = null)
    {
        var @case = Case.Open(Alice, MrsHughes, "Parcel arrived damaged", "The vase was broken on arrival; the box was crushed.", Channel.Phone, "Delivery", Priority.P2, team ?? TeamA, Now, out var code, Terms());
        AccessCode = code;
        Advance(TimeSpan.FromMinutes(1));
        return @case;
    }

    private SlaTerms? Terms()
    {
        if (HandoffAcknowledgement is not { } acknowledgement)
        {
            return null;
        }

        var terms = SlaTerms.Default(Priority.P2);
        var t = terms.Targets;
        return terms with { Targets = new SlaTargets(t.Priority, t.TimeToOwn, t.FirstResponse, t.Resolution, t.WarningPercent, acknowledgement, t.Escalation) };
    }

    /// <summary>Opened and claimed from the queue by <paramref name="owner"/> (Alice by default).</summary>
    public Case Claimed(Actor? owner = null)
    {
        var @case = Opened();
        @case.Claim(owner ?? Alice, Now);
        Advance(TimeSpan.FromMinutes(1));
        return @case;
    }

    /// <summary>Alice owns the case and has offered it to <paramref name="colleague"/> (Ben by default).</summary>
    public (Case Case, Handoff Handoff) WithHandoffToAgent(Actor? colleague = null)
    {
        var @case = Claimed();
        var handoff = @case.OfferHandoff(Alice, (colleague ?? Ben).Id, null, "Told her a replacement ships Friday.", Now);
        Advance(TimeSpan.FromMinutes(1));
        return (@case, handoff);
    }

    /// <summary>Alice owns the case and has offered it to a whole team (team B by default).</summary>
    public (Case Case, Handoff Handoff) WithHandoffToTeam(Guid? team = null)
    {
        var @case = Claimed();
        var handoff = @case.OfferHandoff(Alice, null, team ?? TeamB, "Needs the courier desk: claim against the carrier.", Now);
        Advance(TimeSpan.FromMinutes(1));
        return (@case, handoff);
    }

    public (Case Case, Promise Promise) WithPromise(TimeSpan? dueIn = null)
    {
        var @case = Claimed();
        var promise = @case.MakePromise(Alice, "Call Mrs Hughes back about the replacement", Now + (dueIn ?? TimeSpan.FromHours(4)), Now);
        Advance(TimeSpan.FromMinutes(1));
        return (@case, promise);
    }

    public Case WaitingOnCustomer()
    {
        var @case = Claimed();
        @case.WaitOnCustomer(Alice, Now);
        Advance(TimeSpan.FromMinutes(1));
        return @case;
    }

    public Case Resolved()
    {
        var @case = Claimed();
        @case.Resolve(Alice, "Replacement vase delivered.", Now);
        Advance(TimeSpan.FromMinutes(1));
        return @case;
    }

    public Case Closed()
    {
        var @case = Resolved();
        @case.Close(Alice, Now);
        Advance(TimeSpan.FromMinutes(1));
        return @case;
    }

    /// <summary>A case in the given status, owned by Alice unless it is still new.</summary>
    public Case InStatus(CaseStatus status) => status switch
    {
        CaseStatus.New => Opened(),
        CaseStatus.Open => Claimed(),
        CaseStatus.WaitingOnCustomer => WaitingOnCustomer(),
        CaseStatus.Resolved => Resolved(),
        CaseStatus.Closed => Closed(),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

internal static class CaseInspection
{
    public static TimelineEntry LastEntry(this Case @case) => @case.Timeline[^1];

    public static CaseEvent LastEvent(this Case @case) => @case.Events[^1];

    public static TimelineKind[] Kinds(this Case @case) => [.. @case.Timeline.Select(e => e.Kind)];
}
