using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Loyalty;

namespace RecoveryDesk.Application.Supervision;

/// <summary>One SLA target kind (or all of them): clocks completed in the period and how many were met by their due time.</summary>
public sealed record ClockCompliance(string Clock, int Completed, int MetOnTime, double? Percent);

/// <summary>
/// The recovery and loyalty figures of a period (or of one day of it). Percentages are 0-100 with one
/// decimal, times in minutes; a figure with nothing to count is null. See docs/customer.md for definitions.
/// </summary>
public sealed record MetricFigures(
    double? SlaCompliancePercent,
    IReadOnlyList<ClockCompliance> SlaCompliance,
    double? MedianFirstResponseMinutes,
    int FirstResponses,
    double? MedianResolutionMinutes,
    int Resolutions,
    double? MedianHandoffAcceptanceMinutes,
    int HandoffsAccepted,
    double? PromisesKeptPercent,
    int PromisesKept,
    int PromisesBroken,
    double? CsatMeanSatisfaction,
    double? CsatPercent,
    int FeedbackResponses,
    double? Nps,
    double? PromotersPercent,
    double? DetractorsPercent,
    double? TopBoxPercent,
    double? ReopenRatePercent,
    int Reopens);

/// <summary>One UTC day of the period, for charts.</summary>
public sealed record DailyMetrics(DateOnly Date, MetricFigures Figures);

/// <summary>
/// One colleague's share of the period: the clocks, first responses and reopens of the cases they own,
/// the resolutions they wrote, the hand-offs they accepted, the promises they made, and the loyalty
/// answers about cases they owned when the customer answered.
/// </summary>
public sealed record AgentMetrics(Guid StaffId, string Name, MetricFigures Figures);

public sealed record Metrics(DateTimeOffset From, DateTimeOffset To, Guid? TeamId, MetricFigures Totals, IReadOnlyList<DailyMetrics> Daily, IReadOnlyList<AgentMetrics> Agents);

/// <summary>From (inclusive) and To (exclusive); without them, the 30 days up to now.</summary>
public sealed record GetMetricsQuery(Guid ActorId, DateTimeOffset? From = null, DateTimeOffset? To = null, Guid? TeamId = null) : IQuery<Metrics>;

public sealed class GetMetricsValidator : AbstractValidator<GetMetricsQuery>
{
    public GetMetricsValidator(TimeProvider clock)
    {
        RuleFor(q => q.To)
            .Must((q, _) => MetricsPeriod.Resolve(q, clock.GetUtcNow()).From < MetricsPeriod.Resolve(q, clock.GetUtcNow()).To)
            .WithMessage("'from' must be before 'to'.");
        RuleFor(q => q.To)
            .Must((q, _) => MetricsPeriod.Resolve(q, clock.GetUtcNow()) is var (from, to) && to - from <= MetricsPeriod.MaxSpan)
            .WithMessage($"Ask for at most {MetricsPeriod.MaxSpan.Days} days at a time.");
        RuleFor(q => q.TeamId).Must(t => t is null || t != Guid.Empty).WithMessage("A valid id is required.");
    }
}

public static class MetricsPeriod
{
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(400);
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(30);

    public static (DateTimeOffset From, DateTimeOffset To) Resolve(GetMetricsQuery query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var to = (query.To ?? now).ToUniversalTime();
        // A 'to' within the first 30 days of the calendar has no default 'from' 30 days earlier.
        var from = (query.From ?? (to - DateTimeOffset.MinValue > DefaultSpan ? to - DefaultSpan : DateTimeOffset.MinValue)).ToUniversalTime();
        return (from, to);
    }
}

public sealed class GetMetricsHandler(RecoveryDeskDbContext db, StaffActors actors, TimeProvider clock) : IQueryHandler<GetMetricsQuery, Metrics>
{
    public async ValueTask<Metrics> Handle(GetMetricsQuery query, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(query.ActorId, cancellationToken);
        if (!actor.IsSupervisor)
        {
            throw new NotAllowedException("The figures are for supervisors.");
        }

        if (query.TeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, cancellationToken))
        {
            throw InputErrors.For(nameof(query.TeamId), "There is no team with that id.");
        }

        var (from, to) = MetricsPeriod.Resolve(query, clock.GetUtcNow());
        var facts = await LoadAsync(from, to, query.TeamId, cancellationToken);
        var days = new List<DailyMetrics>();
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) < to.UtcDateTime; day = day.AddDays(1))
        {
            days.Add(new DailyMetrics(day, Figures(facts, at => DateOnly.FromDateTime(at.UtcDateTime) == day)));
        }

        var agentIds = facts.Agents();
        var names = await db.Users.AsNoTracking().Where(u => agentIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var agents = agentIds
            .Select(id => new AgentMetrics(id, names.GetValueOrDefault(id) ?? "A former colleague", Figures(facts.Of(id), _ => true)))
            .OrderBy(a => a.Name, StringComparer.CurrentCulture)
            .ToList();
        return new Metrics(from, to, query.TeamId, Figures(facts, _ => true), days, agents);
    }

    private static MetricFigures Figures(Facts facts, Func<DateTimeOffset, bool> inBucket)
    {
        var clocks = facts.Clocks.Where(k => inBucket(k.MetAt)).ToList();
        ClockCompliance Compliance(string name, IReadOnlyCollection<ClockFact> completed)
        {
            var onTime = completed.Count(k => k.MetAt <= k.DueAt);
            return new ClockCompliance(name, completed.Count, onTime, Percent(onTime, completed.Count));
        }

        var byClock = Enum.GetValues<ClockKind>().Select(kind => Compliance(kind.ToString(), [.. clocks.Where(k => k.Kind == kind)])).ToList();
        var firstResponses = facts.FirstResponses.Where(f => inBucket(f.At)).Select(f => f.At - f.OpenedAt).ToList();
        var resolutions = facts.Resolutions.Where(r => inBucket(r.At)).Select(r => r.At - r.OpenedAt).ToList();
        var handoffs = facts.Handoffs.Where(h => inBucket(h.AnsweredAt)).Select(h => h.AnsweredAt - h.OfferedAt).ToList();
        var promises = facts.Promises.Where(p => inBucket(p.SettledAt)).ToList();
        var kept = promises.Count(p => p.Status == PromiseStatus.Kept);
        var loyalty = LoyaltyScore.Of(facts.Feedback.Where(f => inBucket(f.AnsweredAt)).Select(f => f.Answers));
        var reopens = facts.Reopens.Count(r => inBucket(r.At));

        return new MetricFigures(
            Percent(clocks.Count(k => k.MetAt <= k.DueAt), clocks.Count),
            byClock,
            Median(firstResponses),
            firstResponses.Count,
            Median(resolutions),
            resolutions.Count,
            Median(handoffs),
            handoffs.Count,
            Percent(kept, promises.Count),
            kept,
            promises.Count - kept,
            Round(loyalty.MeanSatisfaction, 2),
            Round(loyalty.SatisfiedPercent, 1),
            loyalty.Responses,
            Round(loyalty.Nps, 1),
            Round(loyalty.PromotersPercent, 1),
            Round(loyalty.DetractorsPercent, 1),
            Round(loyalty.TopBoxPercent, 1),
            Percent(reopens, resolutions.Count),
            reopens);
    }

    private async Task<Facts> LoadAsync(DateTimeOffset from, DateTimeOffset to, Guid? teamId, CancellationToken ct)
    {
        var cases = db.Cases.AsNoTracking();
        if (teamId is { } team)
        {
            cases = cases.Where(c => c.TeamId == team);
        }

        var clocks = await db.CaseClocks.AsNoTracking()
            .Where(k => k.MetAt >= from && k.MetAt < to)
            .Join(cases, k => k.CaseId, c => c.Id, (k, c) => new ClockFact(k.Kind, k.MetAt!.Value, k.DueAt, c.OwnerId))
            .ToListAsync(ct);
        var firstResponses = await cases
            .Where(c => c.FirstResponseAt >= from && c.FirstResponseAt < to)
            .Select(c => new Span(c.FirstResponseAt!.Value, c.OpenedAt, c.OwnerId))
            .ToListAsync(ct);
        var timeline = await db.Timeline.AsNoTracking()
            .Where(t => (t.Kind == TimelineKind.Resolved || t.Kind == TimelineKind.Reopened) && t.At >= from && t.At < to)
            .Join(cases, t => t.CaseId, c => c.Id, (t, c) => new { t.Kind, t.At, c.OpenedAt, t.ActorId, c.OwnerId })
            .ToListAsync(ct);
        var handoffs = await db.Handoffs.AsNoTracking()
            .Where(h => h.Status == HandoffStatus.Accepted && h.AnsweredAt >= from && h.AnsweredAt < to)
            .Join(cases, h => h.CaseId, c => c.Id, (h, c) => new HandoffFact(h.OfferedAt, h.AnsweredAt!.Value, h.AnsweredById))
            .ToListAsync(ct);
        var promises = await db.Promises.AsNoTracking()
            .Where(p => (p.Status == PromiseStatus.Kept || p.Status == PromiseStatus.Broken) && p.SettledAt >= from && p.SettledAt < to)
            .Join(cases, p => p.CaseId, c => c.Id, (p, c) => new PromiseFact(p.Status, p.SettledAt!.Value, p.MadeById))
            .ToListAsync(ct);
        var feedback = db.Feedback.AsNoTracking().Where(f => f.AnsweredAt >= from && f.AnsweredAt < to);
        if (teamId is { } feedbackTeam)
        {
            // The team that resolved the case when the customer answered.
            feedback = feedback.Where(f => f.TeamId == feedbackTeam);
        }

        var answers = await feedback
            .Select(f => new { f.AnsweredAt, f.Answers.Satisfaction, f.Answers.BuyAgain, f.Answers.Recommend, f.OwnerId })
            .ToListAsync(ct);

        return new Facts(
            clocks,
            firstResponses,
            [.. timeline.Where(t => t.Kind == TimelineKind.Resolved).Select(t => new Span(t.At, t.OpenedAt, t.ActorId))],
            [.. timeline.Where(t => t.Kind == TimelineKind.Reopened).Select(t => new Moment(t.At, t.OwnerId))],
            handoffs,
            promises,
            [.. answers.Select(a => new FeedbackFact(a.AnsweredAt, new LoyaltyAnswers(a.Satisfaction, a.BuyAgain, a.Recommend), a.OwnerId))]);
    }

    private static double? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1, MidpointRounding.AwayFromZero);

    private static double? Round(double? value, int decimals) => value is { } v ? Math.Round(v, decimals, MidpointRounding.AwayFromZero) : null;

    private static double? Median(List<TimeSpan> spans)
    {
        if (spans.Count == 0)
        {
            return null;
        }

        var minutes = spans.Select(s => s.TotalMinutes).Order().ToList();
        var middle = minutes.Count / 2;
        var median = minutes.Count % 2 == 1 ? minutes[middle] : (minutes[middle - 1] + minutes[middle]) / 2;
        return Math.Round(median, 1, MidpointRounding.AwayFromZero);
    }

    // Each fact names the colleague it counts for (see AgentMetrics), when there is one.
    private sealed record ClockFact(ClockKind Kind, DateTimeOffset MetAt, DateTimeOffset DueAt, Guid? Agent);

    /// <summary>From <paramref name="OpenedAt"/> until the moment <paramref name="At"/> it counts for.</summary>
    private sealed record Span(DateTimeOffset At, DateTimeOffset OpenedAt, Guid? Agent);

    private sealed record Moment(DateTimeOffset At, Guid? Agent);

    private sealed record HandoffFact(DateTimeOffset OfferedAt, DateTimeOffset AnsweredAt, Guid? Agent);

    private sealed record PromiseFact(PromiseStatus Status, DateTimeOffset SettledAt, Guid? Agent);

    private sealed record FeedbackFact(DateTimeOffset AnsweredAt, LoyaltyAnswers Answers, Guid? Agent);

    private sealed record Facts(
        IReadOnlyList<ClockFact> Clocks,
        IReadOnlyList<Span> FirstResponses,
        IReadOnlyList<Span> Resolutions,
        IReadOnlyList<Moment> Reopens,
        IReadOnlyList<HandoffFact> Handoffs,
        IReadOnlyList<PromiseFact> Promises,
        IReadOnlyList<FeedbackFact> Feedback)
    {
        /// <summary>Everyone some fact counts for.</summary>
        public List<Guid> Agents() =>
        [
            .. Clocks.Select(f => f.Agent).Concat(FirstResponses.Select(f => f.Agent)).Concat(Resolutions.Select(f => f.Agent))
                .Concat(Reopens.Select(f => f.Agent)).Concat(Handoffs.Select(f => f.Agent)).Concat(Promises.Select(f => f.Agent))
                .Concat(Feedback.Select(f => f.Agent)).OfType<Guid>().Distinct(),
        ];

        /// <summary>The facts that count for one colleague.</summary>
        public Facts Of(Guid agent) => new(
            [.. Clocks.Where(f => f.Agent == agent)],
            [.. FirstResponses.Where(f => f.Agent == agent)],
            [.. Resolutions.Where(f => f.Agent == agent)],
            [.. Reopens.Where(f => f.Agent == agent)],
            [.. Handoffs.Where(f => f.Agent == agent)],
            [.. Promises.Where(f => f.Agent == agent)],
            [.. Feedback.Where(f => f.Agent == agent)]);
    }
}
