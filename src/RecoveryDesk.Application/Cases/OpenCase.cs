using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

public sealed record CustomerInput(string Name, string? Email, string? Phone, string? PreferredAddress);

public sealed record OpenCaseCommand(
    Guid ActorId,
    CustomerInput Customer,
    string Subject,
    string Description,
    Channel? Channel,
    string? Category,
    Priority? Priority,
    Guid TeamId,
    string? IdempotencyKey = null) : ICommand<OpenedCase>;

/// <summary>The access code appears here once and is never readable again.</summary>
public sealed record OpenedCase(Guid Id, string Reference, string AccessCode, int Version);

public sealed class OpenCaseValidator : AbstractValidator<OpenCaseCommand>
{
    public OpenCaseValidator()
    {
        RuleFor(c => c.Customer).NotNull().WithMessage("Tell us who the customer is.");
        RuleFor(c => c.Customer.Name).RequiredText(Limits.Name).When(c => c.Customer is not null);
        RuleFor(c => c.Customer.Email).OptionalText(Limits.Email).EmailAddress().When(c => c.Customer is not null);
        RuleFor(c => c.Customer.Phone).OptionalText(Limits.Phone).PhoneNumber().When(c => c.Customer is not null);
        RuleFor(c => c.Customer.PreferredAddress).OptionalText(Limits.PreferredAddress).When(c => c.Customer is not null);
        RuleFor(c => c.Customer)
            .Must(c => !string.IsNullOrWhiteSpace(c.Email) || !string.IsNullOrWhiteSpace(c.Phone))
            .WithMessage("Give an email address or a phone number so we can get back to the customer.")
            .When(c => c.Customer is not null);
        RuleFor(c => c.Subject).RequiredText(Limits.Subject);
        RuleFor(c => c.Description).RequiredText(Limits.LongText);
        RuleFor(c => c.Category).OptionalText(Limits.Category);
        RuleFor(c => c.Channel).NotNull().WithMessage("Say how the complaint reached us.").IsInEnum();
        RuleFor(c => c.Priority).NotNull().WithMessage("Give a priority, P1 to P4.").IsInEnum();
        RuleFor(c => c.TeamId).RequiredId();
        RuleFor(c => c.IdempotencyKey).OptionalText(100);
    }
}

public sealed class OpenCaseHandler(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, TimeProvider clock, IdempotentReplies replies, Mail.OpeningCodes codes)
    : ICommandHandler<OpenCaseCommand, OpenedCase>
{
    public async ValueTask<OpenedCase> Handle(OpenCaseCommand command, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(command.ActorId, cancellationToken);
        var requestHash = IdempotentReplies.Hash(command with { ActorId = Guid.Empty, IdempotencyKey = null });
        if (command.IdempotencyKey is { } key && await replies.FindAsync<OpenedCase>(command.ActorId, key, requestHash, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        if (!await db.Teams.AnyAsync(t => t.Id == command.TeamId, cancellationToken))
        {
            throw InputErrors.For(nameof(command.TeamId), "There is no team with that id.");
        }

        var terms = await db.TermsForAsync(command.TeamId, command.Priority!.Value, cancellationToken);
        var input = command.Customer;
        var @case = Case.Open(
            actor,
            new Customer(input.Name, input.Email, input.Phone, input.PreferredAddress),
            command.Subject,
            command.Description,
            command.Channel!.Value,
            command.Category,
            command.Priority!.Value,
            command.TeamId,
            clock.GetUtcNow(),
            out var accessCode,
            terms);

        await db.GiveUniqueReferenceAsync(@case, cancellationToken);

        db.Cases.Add(@case);
        // The acknowledgement composed with this commit carries the code in the customer's link.
        codes.Remember(@case.Id, accessCode);
        var opened = new OpenedCase(@case.Id, @case.Reference, accessCode, @case.Version);
        if (command.IdempotencyKey is not { } idempotencyKey)
        {
            await work.CommitAsync(cancellationToken);
            return opened;
        }

        // The record commits with the case, so a retry finds either both or neither.
        await replies.RememberAsync(command.ActorId, idempotencyKey, requestHash, opened, cancellationToken);
        try
        {
            await work.CommitAsync(cancellationToken);
            return opened;
        }
        catch (DbUpdateException)
        {
            // A concurrent retry with the same key committed first: answer with its result.
            return await replies.FindAfterRaceAsync<OpenedCase>(command.ActorId, idempotencyKey, requestHash, cancellationToken)
                ?? throw new ConcurrencyConflictException("The case could not be saved; try again.");
        }
    }
}
