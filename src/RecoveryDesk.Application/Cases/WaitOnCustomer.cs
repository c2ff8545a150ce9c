using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Cases;

public sealed record WaitOnCustomerCommand(Guid ActorId, Guid CaseId, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class WaitOnCustomerValidator : AbstractValidator<WaitOnCustomerCommand>
{
    public WaitOnCustomerValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
    }
}

public sealed class WaitOnCustomerHandler(CaseWrites cases) : ICommandHandler<WaitOnCustomerCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(WaitOnCustomerCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) => @case.WaitOnCustomer(actor, now), cancellationToken);
}
