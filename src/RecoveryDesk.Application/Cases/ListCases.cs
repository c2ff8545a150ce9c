using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

/// <summary>Which cases a list shows: by status, or the caller's work in hand (theirs, or their teams').</summary>
public enum CaseView
{
    /// <summary>Every case, whatever its status.</summary>
    All,

    /// <summary>New and Open: the cases someone has to act on.</summary>
    Open,

    /// <summary>Waiting on the customer (the SLA clocks are paused).</summary>
    Waiting,

    Resolved,

    Closed,

    /// <summary>The caller's own cases in hand: New, Open or waiting on the customer.</summary>
    Mine,

    /// <summary>The cases in hand of the caller's teams: New, Open or waiting on the customer.</summary>
    MyTeams,
}

/// <summary>The order of a case list.</summary>
public enum CaseSort
{
    /// <summary>Newest activity first.</summary>
    LastActivity,

    /// <summary>Opened longest ago first.</summary>
    Oldest,

    /// <summary>The soonest SLA deadline first; cases with none running (waiting, resolved, closed) after them.</summary>
    NextDue,

    /// <summary>P1 first, and within a priority the oldest first.</summary>
    Priority,
}

public sealed record ListCasesQuery(
    Guid ActorId,
    CaseStatus? Status = null,
    Guid? TeamId = null,
    Guid? OwnerId = null,
    Priority? Priority = null,
    string? Q = null,
    int Page = 1,
    int PageSize = 25,
    string? Sla = null,
    string? View = null,
    string? Sort = null,
    Channel? Channel = null) : IQuery<Paged<CaseSummary>>
{
    /// <summary>The view named (in any letter case), All when none.</summary>
    public CaseView? ViewChosen => Named(View, CaseView.All);

    /// <summary>The sort named (in any letter case), LastActivity when none.</summary>
    public CaseSort? SortChosen => Named(Sort, CaseSort.LastActivity);

    /// <summary>A name of the enum, not a number or a list of names as <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> would take.</summary>
    private static T? Named<T>(string? text, T none)
        where T : struct, Enum =>
        string.IsNullOrEmpty(text) ? none
            : Enum.GetNames<T>().FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse<T>(name) : null;
}

public sealed class ListCasesValidator : AbstractValidator<ListCasesQuery>
{
    public ListCasesValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, Limits.MaxPage);
        RuleFor(q => q.Page)
            .Must((q, page) => (long)page * q.PageSize <= ListCasesHandler.Window)
            .When(q => q.Page is >= 1 and <= Limits.MaxPage && q.PageSize is >= 1 and <= Limits.MaxPageSize)
            .WithMessage($"Only the first {ListCasesHandler.Window:N0} cases of a list can be paged through; narrow it down with a filter.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, Limits.MaxPageSize);
        RuleFor(q => q.Q).OptionalText(CaseSearch.MaxLength)
            .Must(q => string.IsNullOrWhiteSpace(q) || q.Trim().Length >= CaseSearch.MinLength)
            .WithMessage($"Type at least {CaseSearch.MinLength} characters to search.");
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.Priority).IsInEnum();
        RuleFor(q => q.Channel).IsInEnum();
        RuleFor(q => q.View).Must((q, _) => q.ViewChosen is not null)
            .WithMessage($"Use view={string.Join(", ", Enum.GetNames<CaseView>())}.");
        RuleFor(q => q.Sort).Must((q, _) => q.SortChosen is not null)
            .WithMessage($"Use sort={string.Join(", ", Enum.GetNames<CaseSort>())}.");
        RuleFor(q => q.Sla)
            .Must(s => s is null || s.Equals("breached", StringComparison.OrdinalIgnoreCase) || s.Equals("atRisk", StringComparison.OrdinalIgnoreCase))
            .WithMessage("Use sla=breached or sla=atRisk.");
    }
}

/// <summary>
/// A page of a case list. A list over several statuses or teams is read as one ordered range per status
/// (and team), each from an index in the sort's order, and those ranges are merged here: no provider
/// can take the first rows of <c>Status IN (...) ORDER BY ...</c> from an index, and sorting 100,000
/// open cases for 25 rows is what made such a list slow. The total is counted up to <see cref="Window"/>.
/// </summary>
public sealed class ListCasesHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<ListCasesQuery, Paged<CaseSummary>>
{
    /// <summary>How far a list is counted and paged: beyond it, a filter finds a case sooner than paging.</summary>
    public const int Window = 10_000;

    private static readonly CaseStatus[] InHand = [CaseStatus.New, CaseStatus.Open, CaseStatus.WaitingOnCustomer];

    public async ValueTask<Paged<CaseSummary>> Handle(ListCasesQuery query, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(query.ActorId, cancellationToken);
        var view = query.ViewChosen ?? CaseView.All;
        var sort = query.SortChosen ?? CaseSort.LastActivity;
        var cases = db.Cases.AsNoTracking();
        if (view == CaseView.Mine)
        {
            cases = cases.Where(c => c.OwnerId == actor.Id);
        }

        if (query.OwnerId is { } owner)
        {
            cases = cases.Where(c => c.OwnerId == owner);
        }

        if (query.Priority is { } priority)
        {
            cases = cases.Where(c => c.Priority == priority);
        }

        if (query.Channel is { } channel)
        {
            cases = cases.Where(c => c.Channel == channel);
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            cases = cases.Matching(db, query.Q);
        }

        // The breached and at-risk clocks are a few thousand rows of the board's filtered indexes: read
        // them once as a set, rather than look for a clock beside every case the range passes.
        var breached = db.CaseClocks.Where(k => k.MetAt == null && k.BreachedAt != null).Select(k => k.CaseId);
        if (string.Equals(query.Sla, "breached", StringComparison.OrdinalIgnoreCase))
        {
            cases = cases.Where(c => (c.Status == CaseStatus.New || c.Status == CaseStatus.Open) && breached.Contains(c.Id));
        }
        else if (string.Equals(query.Sla, "atRisk", StringComparison.OrdinalIgnoreCase))
        {
            var warned = db.CaseClocks.Where(k => k.MetAt == null && k.WarnedAt != null && k.BreachedAt == null).Select(k => k.CaseId);
            cases = cases.Where(c => (c.Status == CaseStatus.New || c.Status == CaseStatus.Open) && warned.Contains(c.Id) && !breached.Contains(c.Id));
        }

        var statuses = StatusesOf(view).Where(s => query.Status is null || s == query.Status).ToList();
        IReadOnlyList<Guid?> teams = query.TeamId is { } team
            ? view == CaseView.MyTeams && !actor.TeamIds.Contains(team) ? [] : [team]
            : view == CaseView.MyTeams ? [.. actor.TeamIds.Select(t => (Guid?)t)] : [null];

        var skip = (query.Page - 1) * query.PageSize;
        var parts = new List<IQueryable<Case>>();
        foreach (var status in statuses)
        {
            foreach (var t in teams)
            {
                var part = cases.Where(c => c.Status == status);
                parts.Add(t is { } one ? part.Where(c => c.TeamId == one) : part);
            }
        }

        var keys = new List<SortKeys>();
        foreach (var part in parts)
        {
            keys.AddRange(await KeysOf(Ordered(part, sort).Take(skip + query.PageSize), sort).ToListAsync(cancellationToken));
        }

        // A stable sort on the sort's own keys: ties keep each part's order and the parts' order, so the
        // pages are the same on every read whatever order the provider gives equal keys.
        var window = InMemoryOrder(keys, sort).Skip(skip).Take(query.PageSize).Select(k => k.Id).ToList();
        var rows = window.Count == 0 ? [] : await db.Cases.AsNoTracking().Where(c => window.Contains(c.Id)).ToSummariesAsync(db, cancellationToken);
        var byId = rows.ToDictionary(r => r.Id);

        var total = 0;
        foreach (var part in parts)
        {
            total += await part.Take(Window + 1 - total).CountAsync(cancellationToken);
            if (total > Window)
            {
                break;
            }
        }

        return new Paged<CaseSummary>([.. window.Select(id => byId[id])], query.Page, query.PageSize, Math.Min(total, Window), total > Window);
    }

    private static CaseStatus[] StatusesOf(CaseView view) => view switch
    {
        CaseView.Open => [CaseStatus.New, CaseStatus.Open],
        CaseView.Waiting => [CaseStatus.WaitingOnCustomer],
        CaseView.Resolved => [CaseStatus.Resolved],
        CaseView.Closed => [CaseStatus.Closed],
        CaseView.Mine or CaseView.MyTeams => InHand,
        _ => Enum.GetValues<CaseStatus>(),
    };

    /// <summary>One status (and team) in the sort's order, which its index holds.</summary>
    private static IQueryable<Case> Ordered(IQueryable<Case> part, CaseSort sort) => sort switch
    {
        CaseSort.Oldest => part.OrderBy(c => c.OpenedAt).ThenBy(c => c.Id),
        // Cases with a due time are the New and Open ones: within one status all have one or none.
        CaseSort.NextDue => part.OrderBy(c => c.NextDueAt).ThenBy(c => c.Id),
        CaseSort.Priority => part.OrderBy(c => c.Priority).ThenBy(c => c.OpenedAt).ThenBy(c => c.Id),
        _ => part.OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id),
    };

    /// <summary>The id and the sort's own keys only, which its index holds: no row is read for a key.</summary>
    private static IQueryable<SortKeys> KeysOf(IQueryable<Case> ordered, CaseSort sort) => sort switch
    {
        CaseSort.Oldest => ordered.Select(c => new SortKeys(c.Id, default, c.OpenedAt, null, default)),
        CaseSort.NextDue => ordered.Select(c => new SortKeys(c.Id, default, default, c.NextDueAt, default)),
        CaseSort.Priority => ordered.Select(c => new SortKeys(c.Id, default, c.OpenedAt, null, c.Priority)),
        _ => ordered.Select(c => new SortKeys(c.Id, c.LastActivityAt, default, null, default)),
    };

    private static IEnumerable<SortKeys> InMemoryOrder(List<SortKeys> keys, CaseSort sort) => sort switch
    {
        CaseSort.Oldest => keys.OrderBy(k => k.OpenedAt),
        CaseSort.NextDue => keys.OrderBy(k => k.NextDueAt is null).ThenBy(k => k.NextDueAt),
        CaseSort.Priority => keys.OrderBy(k => k.Priority).ThenBy(k => k.OpenedAt),
        _ => keys.OrderByDescending(k => k.LastActivityAt),
    };

    private sealed record SortKeys(Guid Id, DateTimeOffset LastActivityAt, DateTimeOffset OpenedAt, DateTimeOffset? NextDueAt, Priority Priority);
}
