using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Cases;

/// <summary>Who has a case open, as colleagues see them in its presence list.</summary>
public sealed record CaseViewer(Guid StaffId, string Name);

/// <summary>A colleague opens a case: allowed exactly when GET /api/cases/{id} is (an active colleague, a case that exists).</summary>
public sealed record ViewCaseQuery(Guid ActorId, Guid CaseId) : IQuery<CaseViewer>;

public sealed class ViewCaseHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<ViewCaseQuery, CaseViewer>
{
    public async ValueTask<CaseViewer> Handle(ViewCaseQuery query, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(query.ActorId, cancellationToken);
        if (!await db.Cases.AnyAsync(c => c.Id == query.CaseId, cancellationToken))
        {
            throw new NotFoundException("There is no case with that id.");
        }

        return new CaseViewer(actor.Id!.Value, actor.Name);
    }
}
