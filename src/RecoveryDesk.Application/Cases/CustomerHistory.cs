using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Loyalty;

namespace RecoveryDesk.Application.Cases;

/// <summary>The customer's latest loyalty answers on one of their cases.</summary>
public sealed record LoyaltyView(int Satisfaction, BuyAgain BuyAgain, int Recommend, DateTimeOffset AnsweredAt);

/// <summary>Another case of the same customer, as the case view lists it.</summary>
public sealed record CustomerCase(Guid Id, string Reference, string Subject, CaseStatus Status, string TeamName, DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt, LoyaltyView? Loyalty);

/// <summary>The customer's other cases: the same email address (any letter case) or the same phone number, newest first.</summary>
public sealed record GetCustomerHistoryQuery(Guid ActorId, Guid CaseId) : IQuery<IReadOnlyList<CustomerCase>>;

public sealed class GetCustomerHistoryHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<GetCustomerHistoryQuery, IReadOnlyList<CustomerCase>>
{
    public const int MaxCases = 20;

    public async ValueTask<IReadOnlyList<CustomerCase>> Handle(GetCustomerHistoryQuery query, CancellationToken cancellationToken)
    {
        await actors.LoadAsync(query.ActorId, cancellationToken);
        // The search keys: the address in any letter case, the number's digits however written; both indexed.
        var customer = await db.Cases.AsNoTracking().Where(c => c.Id == query.CaseId).Select(c => new { Email = c.CustomerEmailKey, Phone = c.CustomerPhoneKey }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("There is no case with that id.");
        if (customer.Email is null && customer.Phone is null)
        {
            return [];
        }

        var others = await db.Cases.AsNoTracking()
            .Where(c => c.Id != query.CaseId && ((customer.Email != null && c.CustomerEmailKey == customer.Email) || (customer.Phone != null && c.CustomerPhoneKey == customer.Phone)))
            .OrderByDescending(c => c.OpenedAt).ThenBy(c => c.Id)
            .Take(MaxCases)
            .Join(db.Teams, c => c.TeamId, t => t.Id, (c, t) => new { c.Id, c.Reference, c.Subject, c.Status, TeamName = t.Name, c.OpenedAt, c.ResolvedAt })
            .ToListAsync(cancellationToken);
        var ids = others.Select(o => o.Id).ToList();
        var answers = (await db.Feedback.AsNoTracking().Where(f => ids.Contains(f.CaseId)).ToListAsync(cancellationToken))
            .GroupBy(f => f.CaseId)
            .ToDictionary(g => g.Key, g => g.MaxBy(f => f.AnsweredAt)!);
        return [.. others.Select(o => new CustomerCase(
            o.Id, o.Reference, o.Subject, o.Status, o.TeamName, o.OpenedAt, o.ResolvedAt,
            answers.TryGetValue(o.Id, out var f) ? new LoyaltyView(f.Answers.Satisfaction, f.Answers.BuyAgain, f.Answers.Recommend, f.AnsweredAt) : null))];
    }
}
