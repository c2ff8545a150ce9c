using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Public;

namespace RecoveryDesk.Application.Attachments;

/// <summary>
/// A colleague uploads a file for a case: it is kept as a draft that only they may send, with the next
/// reply or note that names it (<see cref="AttachmentLinks"/>). The case does not change.
/// </summary>
public sealed record UploadAttachmentCommand(Guid ActorId, Guid CaseId, string FileName, byte[] Content) : ICommand<AttachmentView>;

/// <summary>The customer uploads a file from the status page, to send with their next message.</summary>
public sealed record UploadCustomerAttachmentCommand(string? Reference, string? AccessCode, string FileName, byte[] Content) : ICommand<AttachmentView>;

public sealed class UploadAttachmentValidator : AbstractValidator<UploadAttachmentCommand>
{
    public UploadAttachmentValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.Content).MustBeAnAttachment();
    }
}

public sealed class UploadCustomerAttachmentValidator : AbstractValidator<UploadCustomerAttachmentCommand>
{
    public UploadCustomerAttachmentValidator() => RuleFor(c => c.Content).MustBeAnAttachment();
}

public sealed class UploadAttachmentHandler(RecoveryDeskDbContext db, UnitOfWork work, StaffActors actors, TimeProvider clock)
    : ICommandHandler<UploadAttachmentCommand, AttachmentView>
{
    public async ValueTask<AttachmentView> Handle(UploadAttachmentCommand command, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(command.ActorId, cancellationToken);
        if (!await db.Cases.AnyAsync(c => c.Id == command.CaseId, cancellationToken))
        {
            throw new NotFoundException("There is no case with that id.");
        }

        return await AttachmentDrafts.KeepAsync(db, work, command.CaseId, command.FileName, command.Content, actor.Id, clock.GetUtcNow(), cancellationToken);
    }
}

public sealed class UploadCustomerAttachmentHandler(RecoveryDeskDbContext db, UnitOfWork work, TimeProvider clock)
    : ICommandHandler<UploadCustomerAttachmentCommand, AttachmentView>
{
    public async ValueTask<AttachmentView> Handle(UploadCustomerAttachmentCommand command, CancellationToken cancellationToken)
    {
        var @case = await PublicCaseAccess.FindAsync(db.Cases.AsNoTracking(), command.Reference, command.AccessCode, cancellationToken);
        return await AttachmentDrafts.KeepAsync(db, work, @case.Id, command.FileName, command.Content, uploadedById: null, clock.GetUtcNow(), cancellationToken);
    }
}

internal static class AttachmentDrafts
{
    public static IRuleBuilderOptions<T, byte[]> MustBeAnAttachment<T>(this IRuleBuilder<T, byte[]> rule) =>
        rule.NotEmpty().WithMessage("The file is empty.")
            .Must(c => c.LongLength <= FileKinds.MaxBytes).WithMessage($"A file may be at most {FileKinds.MaxBytes / (1024 * 1024)} MB.");

    public static async Task<AttachmentView> KeepAsync(
        RecoveryDeskDbContext db, UnitOfWork work, Guid caseId, string fileName, byte[] content, Guid? uploadedById, DateTimeOffset now, CancellationToken ct)
    {
        var name = CaseAttachment.SafeName(fileName);
        var attachment = new CaseAttachment
        {
            Id = Guid.CreateVersion7(now),
            CaseId = caseId,
            UploadedById = uploadedById,
            FromCustomer = uploadedById is null,
            FileName = name,
            ContentType = FileKinds.Check(name, content),
            Size = content.LongLength,
            Content = content,
            At = now,
        };
        db.Add(attachment);
        await work.CommitAsync(ct);
        return new AttachmentView(attachment.Id, attachment.FileName, attachment.ContentType, attachment.Size);
    }
}
