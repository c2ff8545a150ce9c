using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Complaints;

/// <summary>
/// A complaint from the public form: no account, into the queue of the team the admin chose, channel
/// Web. The customer's text is kept exactly as written and shown as text everywhere.
/// </summary>
/// <param name="Honeypot">The form's hidden field, which people leave empty.</param>
public sealed record SubmitComplaintCommand(string Name, string? Email, string? Phone, string? PreferredAddress, string Subject, string Text, string? Honeypot = null)
    : ICommand<SubmittedComplaint>;

/// <summary>The access code appears here once; <paramref name="MailedTo"/> is null when the customer gave no email address.</summary>
public sealed record SubmittedComplaint(Guid Id, string Reference, string AccessCode, string? MailedTo);

/// <summary>The same shape as a case opened by the desk (<see cref="Cases.OpenCaseValidator"/>), with the limits of customer text.</summary>
public sealed class SubmitComplaintValidator : AbstractValidator<SubmitComplaintCommand>
{
    public SubmitComplaintValidator()
    {
        RuleFor(c => c.Name).RequiredText(Limits.Name);
        RuleFor(c => c.Email).OptionalText(Limits.Email).EmailAddress();
        RuleFor(c => c.Phone).OptionalText(Limits.Phone).PhoneNumber();
        RuleFor(c => c.PreferredAddress).OptionalText(Limits.PreferredAddress);
        RuleFor(c => c.Email)
            .Must((c, _) => !string.IsNullOrWhiteSpace(c.Email) || !string.IsNullOrWhiteSpace(c.Phone))
            .WithMessage("Give an email address or a phone number so we can get back to you.");
        RuleFor(c => c.Subject).RequiredText(Limits.Subject);
        RuleFor(c => c.Text).RequiredText(Limits.CustomerText);
    }
}

public sealed class SubmitComplaintHandler(RecoveryDeskDbContext db, UnitOfWork work, TimeProvider clock, Mail.OpeningCodes codes, ILogger<SubmitComplaintHandler> logger)
    : ICommandHandler<SubmitComplaintCommand, SubmittedComplaint>
{
    public async ValueTask<SubmittedComplaint> Handle(SubmitComplaintCommand command, CancellationToken cancellationToken)
    {
        var form = await db.Set<ComplaintForm>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == ComplaintForm.SingleId, cancellationToken);
        if (form is not { IsOpen: true, TeamId: { } teamId })
        {
            throw new ComplaintFormClosedException();
        }

        var customer = new Customer(command.Name, command.Email, command.Phone, command.PreferredAddress);
        if (!string.IsNullOrEmpty(command.Honeypot))
        {
            // The honeypot: a field people never see, which form-filling scripts fill. Past the same
            // checks a person's complaint meets, the answer looks exactly like an accepted one, so the
            // script learns nothing; but no case is opened, nothing is mailed, and the reference and
            // code lead nowhere.
            logger.LogInformation("A complaint filled the form's hidden field: answered as accepted, nothing opened.");
            return new SubmittedComplaint(Guid.Empty, CaseReference.New(), AccessCode.New(), customer.Email);
        }

        var terms = await db.TermsForAsync(teamId, ComplaintForm.WebPriority, cancellationToken);
        var @case = Case.OpenFromWebForm(customer, command.Subject, command.Text, ComplaintForm.WebPriority, teamId, clock.GetUtcNow(), out var accessCode, terms);
        await db.GiveUniqueReferenceAsync(@case, cancellationToken);
        db.Cases.Add(@case);
        // The acknowledgement composed with this commit carries the code in the customer's link.
        codes.Remember(@case.Id, accessCode);
        await work.CommitAsync(cancellationToken);
        return new SubmittedComplaint(@case.Id, @case.Reference, accessCode, customer.Email);
    }
}
