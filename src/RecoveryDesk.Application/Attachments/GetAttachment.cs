using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Public;

namespace RecoveryDesk.Application.Attachments;

/// <summary>Staff download a file of the case: any that was sent or came by mail, and their own drafts.</summary>
public sealed record GetAttachmentQuery(Guid ActorId, Guid CaseId, Guid AttachmentId) : IQuery<AttachmentFile>;

/// <summary>The customer downloads a file of a public entry of their own case (a reply to them, or their own message).</summary>
public sealed record GetCustomerAttachmentQuery(string? Reference, string? AccessCode, Guid AttachmentId) : IQuery<AttachmentFile>;

public sealed class GetAttachmentHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<GetAttachmentQuery, AttachmentFile>
{
    public async ValueTask<AttachmentFile> Handle(GetAttachmentQuery query, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(query.ActorId, cancellationToken);
        return await db.CaseAttachments.AsNoTracking()
            .Where(a => a.CaseId == query.CaseId && a.Id == query.AttachmentId
                && (a.TimelineEntryId != null || a.InboundMailId != null || a.UploadedById == actor.Id))
            .Select(a => new AttachmentFile(a.FileName, a.Content))
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("There is no such attachment on this case.");
    }
}

public sealed class GetCustomerAttachmentHandler(RecoveryDeskDbContext db) : IQueryHandler<GetCustomerAttachmentQuery, AttachmentFile>
{
    public async ValueTask<AttachmentFile> Handle(GetCustomerAttachmentQuery query, CancellationToken cancellationToken)
    {
        var @case = await PublicCaseAccess.FindAsync(db.Cases.AsNoTracking(), query.Reference, query.AccessCode, cancellationToken);
        return await db.CaseAttachments.AsNoTracking()
            .Where(a => a.CaseId == @case.Id && a.Id == query.AttachmentId && a.TimelineEntryId != null && a.IsPublic)
            .Select(a => new AttachmentFile(a.FileName, a.Content))
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("There is no such file on your case.");
    }
}
