using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Cases;

public sealed record WaitOnCustomerCommand(Guid ActorId, Guid CaseId, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class WaitOnCustomerValidator : AbstractValidator<WaitOnCustomerCommand>
{
    public WaitOnCustomerValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
    }
}

public sealed class WaitOnCustomerHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<WaitOnCustomerCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(WaitOnCustomerCommand command, CancellationToken cancellationToken) =>
        await db.WriteCaseAsync(command.ActorId, command.CaseId, command.ExpectedVersion, clock,
            (@case, actor, now) => @case.WaitOnCustomer(actor, now), cancellationToken);
}
