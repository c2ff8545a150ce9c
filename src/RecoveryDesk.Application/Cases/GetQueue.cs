using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

/// <summary>
/// The oldest New cases of the caller's teams, oldest first: what is waiting for an owner. An agent
/// claims from the top, so the first <see cref="DefaultLimit"/> are enough unless the caller asks for more.
/// </summary>
public sealed record GetQueueQuery(Guid ActorId, int Limit = GetQueueQuery.DefaultLimit) : IQuery<IReadOnlyList<CaseSummary>>
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 500;
}

public sealed class GetQueueValidator : AbstractValidator<GetQueueQuery>
{
    public GetQueueValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, GetQueueQuery.MaxLimit);
    }
}

public sealed class GetQueueHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<GetQueueQuery, IReadOnlyList<CaseSummary>>
{
    public async ValueTask<IReadOnlyList<CaseSummary>> Handle(GetQueueQuery query, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(query.ActorId, cancellationToken);
        var teams = actor.TeamIds.ToList();
        return await db.Cases.AsNoTracking()
            .Where(c => c.Status == CaseStatus.New && teams.Contains(c.TeamId))
            .OrderBy(c => c.OpenedAt)
            .Take(query.Limit)
            .ToSummariesAsync(db, cancellationToken);
    }
}
