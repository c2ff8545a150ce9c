using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.CustomerData;

/// <summary>
/// Admin, on the customer's request: erases what the desk holds about an email address (matched
/// case-insensitively) on every case and mail, in one transaction, and records that it happened — without
/// the address — in the audit trail. Cannot be undone; a second request finds nothing (404).
/// </summary>
public sealed record EraseCustomerCommand(Guid ActorId, string Email) : ICommand<ErasureCounts>;

public sealed class EraseCustomerValidator : AbstractValidator<EraseCustomerCommand>
{
    public EraseCustomerValidator() => RuleFor(c => c.Email).CustomerEmail();
}

public sealed class EraseCustomerHandler(RecoveryDeskDbContext db, UnitOfWork work, StaffActors actors, CustomerErasure erasure, TimeProvider clock)
    : ICommandHandler<EraseCustomerCommand, ErasureCounts>
{
    public async ValueTask<ErasureCounts> Handle(EraseCustomerCommand command, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(command.ActorId, cancellationToken);
        Case.RequireMayErase(actor);
        var email = CustomerEmails.Normalise(command.Email);
        var staged = await work.InTransactionAsync(async () =>
        {
            var cases = await db.Cases.WithParts().Where(CustomerEmails.OfCustomer(email)).ToListAsync(cancellationToken);
            if (cases.Count == 0 && !await db.InboundMails.AnyAsync(CustomerEmails.From(email), cancellationToken))
            {
                throw new NotFoundException("The desk holds nothing about that email address.");
            }

            var now = clock.GetUtcNow();
            var staged = await erasure.StageAsync(cases, actor, email, now, cancellationToken);
            // The trail says what was erased and by whom, never whose: the references point at nobody now.
            AuditTrail.Record(db, actor.Id, AuditChange.CustomerErased, null, null, new { staged.References, staged.Counts }, now);
            await work.CommitAsync(cancellationToken);
            return staged;
        }, cancellationToken);
        erasure.RemoveFiles(staged);
        return staged.Counts;
    }
}
