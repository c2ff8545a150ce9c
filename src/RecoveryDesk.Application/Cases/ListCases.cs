using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

public sealed record ListCasesQuery(
    Guid ActorId,
    CaseStatus? Status = null,
    Guid? TeamId = null,
    Guid? OwnerId = null,
    Priority? Priority = null,
    string? Q = null,
    int Page = 1,
    int PageSize = 25,
    string? Sla = null) : IQuery<Paged<CaseSummary>>;

public sealed class ListCasesValidator : AbstractValidator<ListCasesQuery>
{
    public ListCasesValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, Limits.MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, Limits.MaxPageSize);
        RuleFor(q => q.Q).OptionalText(CaseSearch.MaxLength)
            .Must(q => string.IsNullOrWhiteSpace(q) || q.Trim().Length >= CaseSearch.MinLength)
            .WithMessage($"Type at least {CaseSearch.MinLength} characters to search.");
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.Priority).IsInEnum();
        RuleFor(q => q.Sla)
            .Must(s => s is null || s.Equals("breached", StringComparison.OrdinalIgnoreCase) || s.Equals("atRisk", StringComparison.OrdinalIgnoreCase))
            .WithMessage("Use sla=breached or sla=atRisk.");
    }
}

public sealed class ListCasesHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<ListCasesQuery, Paged<CaseSummary>>
{
    public async ValueTask<Paged<CaseSummary>> Handle(ListCasesQuery query, CancellationToken cancellationToken)
    {
        await actors.LoadAsync(query.ActorId, cancellationToken);
        var cases = db.Cases.AsNoTracking();
        if (query.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }

        if (query.TeamId is { } team)
        {
            cases = cases.Where(c => c.TeamId == team);
        }

        if (query.OwnerId is { } owner)
        {
            cases = cases.Where(c => c.OwnerId == owner);
        }

        if (query.Priority is { } priority)
        {
            cases = cases.Where(c => c.Priority == priority);
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            cases = cases.Matching(db, query.Q);
        }

        if (string.Equals(query.Sla, "breached", StringComparison.OrdinalIgnoreCase))
        {
            cases = cases.Where(c => (c.Status == CaseStatus.New || c.Status == CaseStatus.Open)
                && c.Clocks.Any(k => k.MetAt == null && k.BreachedAt != null));
        }
        else if (string.Equals(query.Sla, "atRisk", StringComparison.OrdinalIgnoreCase))
        {
            cases = cases.Where(c => (c.Status == CaseStatus.New || c.Status == CaseStatus.Open)
                && c.Clocks.Any(k => k.MetAt == null && k.WarnedAt != null && k.BreachedAt == null)
                && !c.Clocks.Any(k => k.MetAt == null && k.BreachedAt != null));
        }

        var total = await cases.CountAsync(cancellationToken);
        var items = await cases
            .OrderByDescending(c => c.LastActivityAt)
            .ThenByDescending(c => c.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .ToSummariesAsync(db, cancellationToken);
        return new Paged<CaseSummary>(items, query.Page, query.PageSize, total);
    }
}
