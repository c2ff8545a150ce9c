using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Mail;

namespace RecoveryDesk.Application.Cases;

/// <summary>A customer lost the link: the owner or a supervisor issues a new code; the old one stops working at once.</summary>
public sealed record IssueAccessCodeCommand(Guid ActorId, Guid CaseId, int? ExpectedVersion = null) : ICaseCommand<IssuedAccessCode>;

/// <summary>The new code, shown once; <paramref name="MailedTo"/> is where it is mailed, null when the customer gave no email address.</summary>
public sealed record IssuedAccessCode(Guid CaseId, string Reference, string AccessCode, int Version, string? MailedTo);

public sealed class IssueAccessCodeValidator : AbstractValidator<IssueAccessCodeCommand>
{
    public IssueAccessCodeValidator() => RuleFor(c => c.CaseId).RequiredId();
}

public sealed class IssueAccessCodeHandler(CaseWrites cases, OpeningCodes codes) : ICommandHandler<IssueAccessCodeCommand, IssuedAccessCode>
{
    public async ValueTask<IssuedAccessCode> Handle(IssueAccessCodeCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) =>
        {
            @case.IssueNewAccessCode(actor, now, out var accessCode);
            // The mail composed with this commit carries the new code in the customer's link.
            codes.Remember(@case.Id, accessCode);
            return new IssuedAccessCode(@case.Id, @case.Reference, accessCode, @case.Version, string.IsNullOrWhiteSpace(@case.Customer.Email) ? null : @case.Customer.Email.Trim());
        }, cancellationToken);
}
