using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Attachments;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Public;

/// <summary>
/// The customer writes from the status page. Answers with the case the message now lives on: the
/// same one, or — on a case closed more than 14 days ago — the new linked case it opened.
/// </summary>
/// <param name="AttachmentIds">Files the customer uploaded for the case, sent with the message.</param>
public sealed record SendCustomerMessageCommand(string? Reference, string? AccessCode, string Text, IReadOnlyList<Guid>? AttachmentIds = null) : ICommand<PublicCaseView>;

public sealed class SendCustomerMessageValidator : AbstractValidator<SendCustomerMessageCommand>
{
    public SendCustomerMessageValidator()
    {
        RuleFor(c => c.Text).RequiredText(Limits.CustomerText);
        RuleFor(c => c.AttachmentIds).AttachmentIds();
    }
}

public sealed class SendCustomerMessageHandler(RecoveryDeskDbContext db, CaseWrites cases, TimeProvider clock) : ICommandHandler<SendCustomerMessageCommand, PublicCaseView>
{
    public async ValueTask<PublicCaseView> Handle(SendCustomerMessageCommand command, CancellationToken cancellationToken)
    {
        var landedOn = await cases.WriteForCustomerAsync(command.Reference, command.AccessCode, async (@case, now) =>
        {
            var terms = await db.TermsForAsync(@case.TeamId, @case.Priority, cancellationToken);
            var followUp = @case.ReceiveCustomerMessage(command.Text, now, terms);
            await AttachmentLinks.LinkAsync(db, @case, TimelineKind.CustomerMessage, command.AttachmentIds, uploadedById: null, cancellationToken);
            if (followUp is not null)
            {
                db.Cases.Add(followUp);
            }

            return followUp ?? @case;
        }, cancellationToken);
        return await PublicCaseViews.ReadAsync(db, landedOn, clock.GetUtcNow(), cancellationToken);
    }
}
