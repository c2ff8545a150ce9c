using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

/// <summary>Which case a reference names, for a link such as <c>/console#case/RD-7K3Q9F</c>.</summary>
public sealed record CaseLink(Guid Id, string Reference);

/// <summary>The case a reference names, written as a person might type it (any letter case, spaces, without "RD-").</summary>
public sealed record FindCaseByReferenceQuery(Guid ActorId, string Reference) : IQuery<CaseLink>;

public sealed class FindCaseByReferenceValidator : AbstractValidator<FindCaseByReferenceQuery>
{
    public FindCaseByReferenceValidator() => RuleFor(q => q.Reference).OptionalText(Limits.Reference);
}

public sealed class FindCaseByReferenceHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<FindCaseByReferenceQuery, CaseLink>
{
    public async ValueTask<CaseLink> Handle(FindCaseByReferenceQuery query, CancellationToken cancellationToken)
    {
        await actors.LoadAsync(query.ActorId, cancellationToken);
        var found = CaseReference.TryNormalize(query.Reference, out var reference)
            ? await db.Cases.AsNoTracking().Where(c => c.Reference == reference).Select(c => new CaseLink(c.Id, c.Reference)).SingleOrDefaultAsync(cancellationToken)
            : null;
        return found ?? throw new NotFoundException("There is no case with that reference.");
    }
}
