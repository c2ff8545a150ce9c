using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Staff;

namespace RecoveryDesk.Application.Mail.Inbound;

/// <summary>A team mailbox as the admin sees it: never the password, only whether one is set.</summary>
public sealed record MailboxView(
    Guid TeamId,
    string Host,
    int Port,
    SmtpSecurity Security,
    string User,
    bool HasPassword,
    string Folder,
    ProcessedAction Processed,
    string? MoveTo,
    bool Enabled,
    MailboxState? State);

public sealed record GetMailboxQuery(Guid ActorId, Guid TeamId) : IQuery<MailboxView>;

/// <param name="Password">Null keeps the stored one.</param>
public sealed record PutMailboxCommand(
    Guid ActorId,
    Guid TeamId,
    string Host,
    int? Port,
    SmtpSecurity? Security,
    string User,
    string? Password,
    string? Folder,
    ProcessedAction? Processed,
    string? MoveTo,
    bool? Enabled) : ICommand<MailboxView>;

public sealed record DeleteMailboxCommand(Guid ActorId, Guid TeamId) : ICommand<bool>;

/// <summary>Signs in to the stored mailbox and opens its folder, without reading anything.</summary>
public sealed record TestMailboxCommand(Guid ActorId, Guid TeamId) : ICommand<MailboxTestResult>;

public sealed record MailboxTestResult(bool Ok, string Detail, int? Messages);

public sealed class PutMailboxValidator : AbstractValidator<PutMailboxCommand>
{
    public PutMailboxValidator()
    {
        RuleFor(c => c.Host).RequiredText(255);
        RuleFor(c => c.Port).InclusiveBetween(1, 65535).When(c => c.Port is not null);
        RuleFor(c => c.Security).IsInEnum().When(c => c.Security is not null);
        RuleFor(c => c.User).RequiredText(Limits.Email);
        RuleFor(c => c.Password).OptionalText(500);
        RuleFor(c => c.Folder).OptionalText(200);
        RuleFor(c => c.Processed).IsInEnum().When(c => c.Processed is not null);
        RuleFor(c => c.MoveTo).NotEmpty().When(c => c.Processed == ProcessedAction.Move).WithMessage("Say which folder processed mail moves to.");
        RuleFor(c => c.MoveTo).OptionalText(200);
    }
}

public sealed class MailboxAdminHandlers(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, MailboxSecrets secrets, MailboxHealth health, MailboxSignal changed, TimeProvider clock) :
    IQueryHandler<GetMailboxQuery, MailboxView>,
    ICommandHandler<PutMailboxCommand, MailboxView>,
    ICommandHandler<DeleteMailboxCommand, bool>,
    ICommandHandler<TestMailboxCommand, MailboxTestResult>
{
    public async ValueTask<MailboxView> Handle(GetMailboxQuery query, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(query.ActorId, query.TeamId, cancellationToken);
        var mailbox = await db.Set<TeamMailbox>().AsNoTracking().FirstOrDefaultAsync(m => m.TeamId == query.TeamId, cancellationToken)
            ?? throw new NotFoundException("This team has no mailbox.");
        return View(mailbox);
    }

    public async ValueTask<MailboxView> Handle(PutMailboxCommand command, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(command.ActorId, command.TeamId, cancellationToken);
        var mailbox = await db.Set<TeamMailbox>().FirstOrDefaultAsync(m => m.TeamId == command.TeamId, cancellationToken);
        var before = mailbox is null ? null : Audited(mailbox);
        if (mailbox is null)
        {
            if (string.IsNullOrEmpty(command.Password))
            {
                throw InputErrors.For(nameof(command.Password), "Give the mailbox's password.");
            }

            mailbox = new TeamMailbox { TeamId = command.TeamId };
            db.Add(mailbox);
        }

        mailbox.Host = command.Host.Trim();
        mailbox.Security = command.Security ?? SmtpSecurity.Tls;
        mailbox.Port = command.Port ?? (mailbox.Security == SmtpSecurity.Tls ? 993 : 143);
        mailbox.User = command.User.Trim();
        if (!string.IsNullOrEmpty(command.Password))
        {
            mailbox.ProtectedPassword = secrets.Protect(command.Password);
        }

        mailbox.Folder = string.IsNullOrWhiteSpace(command.Folder) ? "INBOX" : command.Folder.Trim();
        mailbox.Processed = command.Processed ?? ProcessedAction.MarkSeen;
        mailbox.MoveTo = mailbox.Processed == ProcessedAction.Move ? command.MoveTo?.Trim() : null;
        mailbox.Enabled = command.Enabled ?? true;
        mailbox.Revision++;
        mailbox.UpdatedAt = clock.GetUtcNow();
        AuditTrail.Record(db, command.ActorId, AuditChange.MailboxChanged, command.TeamId, before, Audited(mailbox), mailbox.UpdatedAt);
        await work.CommitAsync(cancellationToken);
        changed.Notify();
        return View(mailbox);
    }

    public async ValueTask<bool> Handle(DeleteMailboxCommand command, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(command.ActorId, command.TeamId, cancellationToken);
        var mailbox = await db.Set<TeamMailbox>().FirstOrDefaultAsync(m => m.TeamId == command.TeamId, cancellationToken)
            ?? throw new NotFoundException("This team has no mailbox.");
        db.Remove(mailbox);
        AuditTrail.Record(db, command.ActorId, AuditChange.MailboxRemoved, command.TeamId, Audited(mailbox), null, clock.GetUtcNow());
        await work.CommitAsync(cancellationToken);
        changed.Notify();
        return true;
    }

    public async ValueTask<MailboxTestResult> Handle(TestMailboxCommand command, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(command.ActorId, command.TeamId, cancellationToken);
        var mailbox = await db.Set<TeamMailbox>().AsNoTracking().FirstOrDefaultAsync(m => m.TeamId == command.TeamId, cancellationToken)
            ?? throw new NotFoundException("This team has no mailbox.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            using var client = await ImapMailboxReader.ConnectAsync(mailbox, secrets.Unprotect(mailbox.ProtectedPassword), timeout.Token);
            var folder = await client.GetFolderAsync(mailbox.Folder, timeout.Token);
            await folder.OpenAsync(MailKit.FolderAccess.ReadOnly, timeout.Token);
            var count = folder.Count;
            await client.DisconnectAsync(true, timeout.Token);
            return new MailboxTestResult(true, $"Signed in and opened {mailbox.Folder}.", count);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The admin asked whether it works: any failure is the answer, not an error of the desk.
            return new MailboxTestResult(false, error.Message, null);
        }
    }

    private async Task RequireTeamAsync(Guid actorId, Guid teamId, CancellationToken ct)
    {
        await actors.RequireAdminAsync(actorId, ct);
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, ct))
        {
            throw new NotFoundException("There is no team with that id.");
        }
    }

    /// <summary>The mailbox as the trail keeps it: the password only as whether one is set.</summary>
    private static object Audited(TeamMailbox m) => new
    {
        m.Host, m.Port, m.Security, m.User, Password = m.ProtectedPassword.Length > 0 ? AuditTrail.Secret : null, m.Folder, m.Processed, m.MoveTo, m.Enabled,
    };

    private MailboxView View(TeamMailbox m) => new(
        m.TeamId, m.Host, m.Port, m.Security, m.User, m.ProtectedPassword.Length > 0, m.Folder, m.Processed, m.MoveTo, m.Enabled,
        health.States.FirstOrDefault(s => s.Source == ImapMailboxReader.SourceOf(m.TeamId)));
}
