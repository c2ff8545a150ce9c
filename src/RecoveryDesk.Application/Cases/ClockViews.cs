using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Sla;

namespace RecoveryDesk.Application.Cases;

internal static class ClockViews
{
    private static readonly ClockKind[] Order = [ClockKind.Own, ClockKind.FirstResponse, ClockKind.Resolution];

    /// <summary>Each clock with the working time left on the case's own calendar.</summary>
    public static IReadOnlyList<ClockView> For(IEnumerable<CaseClock> clocks, SlaTerms terms, CaseStatus status, DateTimeOffset now)
    {
        var calendar = BusinessCalendar.FromDefinition(terms.Calendar);
        var paused = status == CaseStatus.WaitingOnCustomer;
        return [.. clocks
            .OrderBy(k => Array.IndexOf(Order, k.Kind))
            .Select(k => new ClockView(
                k.Kind,
                k.StartedAt,
                k.DueAt,
                k.WarnAt,
                k.IsRunning ? calendar.BusinessTimeBetween(now, k.DueAt) : null,
                paused && k.IsRunning,
                k.MetAt,
                k.WarnedAt,
                k.BreachedAt,
                k.EscalationLevel,
                k.MetAt is { } met && (met > k.DueAt || k.BreachedAt is not null)))];
    }
}
