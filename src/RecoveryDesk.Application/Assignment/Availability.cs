using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain;

namespace RecoveryDesk.Application.Assignment;

/// <summary>Whether the desk may offer someone work now.</summary>
public enum Availability
{
    Available,
    Away,
    Off,
}

/// <summary>What a colleague's availability is, as a console shows it and the desk acts on it.</summary>
public sealed record AvailabilityView(Guid StaffId, string Name, Availability State, DateTimeOffset? Until, Guid? SubstituteId, string? SubstituteName);

public static class Availabilities
{
    /// <summary>An absence with an end counts as over once that time has come, without anyone writing it back.</summary>
    public static Availability Effective(Availability stored, DateTimeOffset? awayUntil, DateTimeOffset now) =>
        stored == Availability.Away && awayUntil is { } until && until <= now ? Availability.Available : stored;

    /// <summary>How the cover note and the board say it: "Ava Lee is away until 2026-03-02 17:00:00Z".</summary>
    public static string Describe(string name, Availability state, DateTimeOffset? until) => state switch
    {
        Availability.Away => until is { } end ? $"{name} is away until {end:u}." : $"{name} is away.",
        Availability.Off => $"{name} is off shift.",
        _ => $"{name} is available.",
    };
}

/// <summary>PUT /api/me/availability (StaffId = ActorId) and, for a supervisor, PUT /api/staff/{id}/availability.</summary>
public sealed record SetAvailabilityCommand(Guid ActorId, Guid StaffId, Availability? State, DateTimeOffset? Until, Guid? SubstituteId) : ICommand<AvailabilityView>;

public sealed class SetAvailabilityValidator : AbstractValidator<SetAvailabilityCommand>
{
    public SetAvailabilityValidator()
    {
        RuleFor(c => c.StaffId).RequiredId();
        RuleFor(c => c.State).NotNull().IsInEnum().WithMessage("State is one of Available, Away, Off.");
        RuleFor(c => c.Until).Null().When(c => c.State != Availability.Away).WithMessage("Only an absence (Away) has an end time.");
        RuleFor(c => c.SubstituteId).Null().When(c => c.State == Availability.Available).WithMessage("Someone available covers their own cases; a substitute is for Away or Off.");
        RuleFor(c => c.SubstituteId).NotEqual(Guid.Empty).When(c => c.SubstituteId is not null);
        RuleFor(c => c.SubstituteId).NotEqual(c => (Guid?)c.StaffId).When(c => c.SubstituteId is not null).WithMessage("Nobody can be their own substitute.");
    }
}

public sealed class SetAvailabilityHandler(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, TimeProvider clock)
    : ICommandHandler<SetAvailabilityCommand, AvailabilityView>
{
    public async ValueTask<AvailabilityView> Handle(SetAvailabilityCommand command, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(command.ActorId, cancellationToken);
        var forSomeoneElse = command.StaffId != command.ActorId;
        if (forSomeoneElse && !actor.IsSupervisor)
        {
            throw new NotAllowedException("Only a supervisor sets a colleague's availability; set your own under /api/me/availability.");
        }

        var member = await db.Users.SingleOrDefaultAsync(u => u.Id == command.StaffId && u.IsActive, cancellationToken)
            ?? throw new NotFoundException("There is no active colleague with that id.");
        if (!await db.CanOwnCasesAsync(member.Id, cancellationToken))
        {
            throw new NotAllowedException($"{member.DisplayName} owns no cases, so has no availability to set.");
        }

        var now = clock.GetUtcNow();
        if (command.Until is { } until && until <= now)
        {
            throw InputErrors.For(nameof(command.Until), "The end of an absence must be in the future.");
        }

        string? substituteName = null;
        if (command.SubstituteId is { } substitute)
        {
            if (!await db.CanOwnCasesAsync(substitute, cancellationToken))
            {
                throw InputErrors.For(nameof(command.SubstituteId), "There is no active agent or supervisor with that id to cover the cases.");
            }

            substituteName = await db.RequireActiveStaffNameAsync(substitute, cancellationToken);
        }

        var before = new { member.Availability, Until = member.AwayUntil, member.SubstituteId };
        member.Availability = command.State!.Value;
        member.AwayUntil = command.Until;
        member.SubstituteId = command.SubstituteId;
        var view = new AvailabilityView(member.Id, member.DisplayName, member.Availability, member.AwayUntil, member.SubstituteId, substituteName);
        if (forSomeoneElse)
        {
            AuditTrail.Record(db, command.ActorId, AuditChange.AvailabilitySet, member.Id, before, new { member.Availability, Until = member.AwayUntil, member.SubstituteId }, now);
        }

        // Colleagues in their teams and the supervisors see it at once: the board, the hand-off picker.
        var teams = await db.TeamMemberships.Where(m => m.StaffId == member.Id).Select(m => m.TeamId).ToListAsync(cancellationToken);
        db.Add(new OutboxMessage
        {
            CaseId = Guid.Empty,
            CaseVersion = 0,
            EventName = LiveEvents.AvailabilityChanged,
            Audiences = string.Join(OutboxMessage.AudienceSeparator, teams.Select(LiveGroups.Team).Append(LiveGroups.Supervisors).Append(LiveGroups.Agent(member.Id)).Order(StringComparer.Ordinal)),
            PayloadJson = JsonSerializer.Serialize(view, LiveJson.Options),
            IsPublic = false,
            CreatedAt = now,
        });
        await work.CommitAsync(cancellationToken);
        return view;
    }
}
