using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Loyalty;

namespace RecoveryDesk.Application.Loyalty;

/// <summary>
/// The three loyalty questions, answered from the status page once per resolution. A detractor's
/// answers open a follow-up case at P2 in the same team, in the same transaction.
/// </summary>
public sealed record GiveFeedbackCommand(string? Reference, string? AccessCode, int? Satisfaction, BuyAgain? BuyAgain, int? Recommend, string? Comment)
    : ICommand<PublicCaseView>;

public sealed class GiveFeedbackValidator : AbstractValidator<GiveFeedbackCommand>
{
    public GiveFeedbackValidator()
    {
        RuleFor(c => c.Satisfaction).NotNull().WithMessage("Rate your overall satisfaction from 1 to 5.")
            .InclusiveBetween(LoyaltyAnswers.MinSatisfaction, LoyaltyAnswers.MaxSatisfaction).WithMessage("From 1 to 5.");
        RuleFor(c => c.BuyAgain).NotNull().WithMessage("Say whether you will buy from us again: Yes, NotSure or No.").IsInEnum();
        RuleFor(c => c.Recommend).NotNull().WithMessage("Say how likely you are to recommend us, from 0 to 10.")
            .InclusiveBetween(LoyaltyAnswers.MinRecommend, LoyaltyAnswers.MaxRecommend).WithMessage("From 0 to 10.");
        RuleFor(c => c.Comment).OptionalText(Limits.CustomerText);
    }
}

public sealed class GiveFeedbackHandler(RecoveryDeskDbContext db, CaseWrites cases, TimeProvider clock) : ICommandHandler<GiveFeedbackCommand, PublicCaseView>
{
    public async ValueTask<PublicCaseView> Handle(GiveFeedbackCommand command, CancellationToken cancellationToken)
    {
        var answers = new LoyaltyAnswers(command.Satisfaction!.Value, command.BuyAgain!.Value, command.Recommend!.Value);
        var @case = await cases.WriteForCustomerAsync(command.Reference, command.AccessCode, async (@case, now) =>
        {
            var followUpTerms = await db.TermsForAsync(@case.TeamId, Priority.P2, cancellationToken);
            var receipt = @case.ReceiveFeedback(answers, command.Comment, now, followUpTerms);
            db.Feedback.Add(receipt.Feedback);
            if (receipt.FollowUp is { } followUp)
            {
                db.Cases.Add(followUp);
            }

            return @case;
        }, cancellationToken);
        return await PublicCaseViews.ReadAsync(db, @case, clock.GetUtcNow(), cancellationToken);
    }
}
