using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Sla;

namespace RecoveryDesk.Application.Sla;

public sealed record EscalationView(int AfterBreachMinutes, EscalationAudience Audience);

public sealed record TargetsView(
    Priority Priority,
    int TimeToOwnMinutes,
    int FirstResponseMinutes,
    int ResolutionMinutes,
    int WarningPercent,
    int HandoffAcknowledgementMinutes,
    IReadOnlyList<EscalationView> Escalation);

public sealed record CalendarView(string? TimeZoneId, IReadOnlyList<WeeklyHours> WorkingHours, IReadOnlyList<DateOnly> Holidays);

public sealed record SlaSettingsView(Guid TeamId, string TeamName, IReadOnlyList<TargetsView> Targets, CalendarView Calendar, bool IsDefault);

/// <summary>A team's SLA policy and calendar; supervisors and admins read them.</summary>
public sealed record GetSlaSettingsQuery(Guid ActorId, Guid TeamId) : IQuery<SlaSettingsView>;

public sealed record ListSlaSettingsQuery(Guid ActorId) : IQuery<IReadOnlyList<SlaSettingsView>>;

/// <summary>Admin: the targets for all four priorities of a team. New cases run on them; open cases keep the terms they were given.</summary>
public sealed record PutSlaPolicyCommand(Guid ActorId, Guid TeamId, IReadOnlyList<TargetsView> Targets) : ICommand<SlaSettingsView>;

/// <summary>Admin: a team's business calendar; a null time zone means 24x7.</summary>
public sealed record PutCalendarCommand(Guid ActorId, Guid TeamId, string? TimeZoneId, IReadOnlyList<WeeklyHours>? WorkingHours, IReadOnlyList<DateOnly>? Holidays)
    : ICommand<SlaSettingsView>;

public sealed class PutSlaPolicyValidator : AbstractValidator<PutSlaPolicyCommand>
{
    private const int MaxMinutes = 366 * 24 * 60;

    public PutSlaPolicyValidator()
    {
        RuleFor(c => c.Targets).NotNull()
            .Must(t => t is not null && t.Count == 4 && t.Select(x => x.Priority).Distinct().Count() == 4)
            .WithMessage("Give targets for each of P1, P2, P3 and P4, once.");
        RuleForEach(c => c.Targets).ChildRules(t =>
        {
            t.RuleFor(x => x.Priority).IsInEnum();
            t.RuleFor(x => x.TimeToOwnMinutes).InclusiveBetween(1, MaxMinutes);
            t.RuleFor(x => x.FirstResponseMinutes).InclusiveBetween(1, MaxMinutes);
            t.RuleFor(x => x.ResolutionMinutes).InclusiveBetween(1, MaxMinutes);
            t.RuleFor(x => x.WarningPercent).InclusiveBetween(1, 99);
            t.RuleFor(x => x.HandoffAcknowledgementMinutes).InclusiveBetween(1, MaxMinutes);
            t.RuleFor(x => x.Escalation).NotNull().Must(e => e is null || e.Count <= 10).WithMessage("At most 10 escalation steps.");
            t.RuleForEach(x => x.Escalation).ChildRules(e =>
            {
                e.RuleFor(x => x.AfterBreachMinutes).InclusiveBetween(0, MaxMinutes);
                e.RuleFor(x => x.Audience).IsInEnum();
            });
        }).When(c => c.Targets is not null);
    }
}

public sealed class PutCalendarValidator : AbstractValidator<PutCalendarCommand>
{
    public PutCalendarValidator()
    {
        RuleFor(c => c.TimeZoneId).MaximumLength(100);
        RuleFor(c => c.WorkingHours).NotEmpty().When(c => c.TimeZoneId is not null)
            .WithMessage("A business calendar needs working hours; leave timeZoneId out for 24x7.");
        RuleFor(c => c.WorkingHours).Must(h => h is null || h.Count <= 50).WithMessage("At most 50 working intervals.");
        RuleFor(c => c.Holidays).Must(h => h is null || h.Count <= 1000).WithMessage("At most 1000 holidays.");
    }
}

public sealed class SlaSettingsHandler(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, TimeProvider clock) :
    IQueryHandler<GetSlaSettingsQuery, SlaSettingsView>,
    IQueryHandler<ListSlaSettingsQuery, IReadOnlyList<SlaSettingsView>>,
    ICommandHandler<PutSlaPolicyCommand, SlaSettingsView>,
    ICommandHandler<PutCalendarCommand, SlaSettingsView>
{
    public async ValueTask<SlaSettingsView> Handle(GetSlaSettingsQuery query, CancellationToken cancellationToken)
    {
        await RequireAsync(query.ActorId, write: false, cancellationToken);
        return await ViewAsync(query.TeamId, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<SlaSettingsView>> Handle(ListSlaSettingsQuery query, CancellationToken cancellationToken)
    {
        await RequireAsync(query.ActorId, write: false, cancellationToken);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Id).ToListAsync(cancellationToken);
        var views = new List<SlaSettingsView>();
        foreach (var team in teams)
        {
            views.Add(await ViewAsync(team, cancellationToken));
        }

        return views;
    }

    public async ValueTask<SlaSettingsView> Handle(PutSlaPolicyCommand command, CancellationToken cancellationToken)
    {
        await RequireAsync(command.ActorId, write: true, cancellationToken);
        var policy = new SlaPolicy([.. command.Targets.Select(t => new SlaTargets(
            t.Priority,
            TimeSpan.FromMinutes(t.TimeToOwnMinutes),
            TimeSpan.FromMinutes(t.FirstResponseMinutes),
            TimeSpan.FromMinutes(t.ResolutionMinutes),
            t.WarningPercent,
            TimeSpan.FromMinutes(t.HandoffAcknowledgementMinutes),
            [.. t.Escalation.Select(e => new EscalationStep(TimeSpan.FromMinutes(e.AfterBreachMinutes), e.Audience))]))]);
        var settings = await SettingsRowAsync(command.TeamId, cancellationToken);
        var before = settings.PolicyJson;
        settings.PolicyJson = SlaJson.Write(policy);
        settings.UpdatedAt = clock.GetUtcNow();
        AuditTrail.Record(db, command.ActorId, AuditChange.SlaPolicyChanged, command.TeamId, AuditTrail.Stored(before), AuditTrail.Stored(settings.PolicyJson), settings.UpdatedAt);
        await work.CommitAsync(cancellationToken);
        return await ViewAsync(command.TeamId, cancellationToken);
    }

    public async ValueTask<SlaSettingsView> Handle(PutCalendarCommand command, CancellationToken cancellationToken)
    {
        await RequireAsync(command.ActorId, write: true, cancellationToken);
        var calendar = command.TimeZoneId is null
            ? BusinessCalendar.AlwaysOpen
            : BusinessCalendar.Create(command.TimeZoneId, command.WorkingHours ?? [], command.Holidays ?? []);
        var settings = await SettingsRowAsync(command.TeamId, cancellationToken);
        var before = settings.CalendarJson;
        settings.CalendarJson = SlaJson.Write(calendar.ToDefinition());
        settings.UpdatedAt = clock.GetUtcNow();
        AuditTrail.Record(db, command.ActorId, AuditChange.CalendarChanged, command.TeamId, AuditTrail.Stored(before), AuditTrail.Stored(settings.CalendarJson), settings.UpdatedAt);
        await work.CommitAsync(cancellationToken);
        return await ViewAsync(command.TeamId, cancellationToken);
    }

    private async Task RequireAsync(Guid actorId, bool write, CancellationToken ct)
    {
        var actor = await actors.LoadAsync(actorId, ct);
        if (write ? !actor.IsAdmin : !(actor.IsAdmin || actor.IsSupervisor))
        {
            throw new NotAllowedException(write ? "Only an admin can change SLA policies and calendars." : "SLA settings are for supervisors and admins.");
        }
    }

    private async Task<TeamSlaSettings> SettingsRowAsync(Guid teamId, CancellationToken ct)
    {
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, ct))
        {
            throw new NotFoundException("There is no team with that id.");
        }

        var settings = await db.TeamSlaSettings.SingleOrDefaultAsync(s => s.TeamId == teamId, ct);
        if (settings is null)
        {
            var (policy, calendar) = await db.SettingsForAsync(teamId, ct);
            settings = new TeamSlaSettings { TeamId = teamId, PolicyJson = SlaJson.Write(policy), CalendarJson = SlaJson.Write(calendar) };
            db.TeamSlaSettings.Add(settings);
        }

        return settings;
    }

    private async Task<SlaSettingsView> ViewAsync(Guid teamId, CancellationToken ct)
    {
        var name = await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.Name).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("There is no team with that id.");
        var isDefault = !await db.TeamSlaSettings.AnyAsync(s => s.TeamId == teamId, ct);
        var (policy, calendar) = await db.SettingsForAsync(teamId, ct);
        return new SlaSettingsView(
            teamId,
            name,
            [.. policy.Targets.Select(t => new TargetsView(
                t.Priority,
                (int)t.TimeToOwn.TotalMinutes,
                (int)t.FirstResponse.TotalMinutes,
                (int)t.Resolution.TotalMinutes,
                t.WarningPercent,
                (int)t.HandoffAcknowledgement.TotalMinutes,
                [.. t.Escalation.Select(e => new EscalationView((int)e.AfterBreach.TotalMinutes, e.Audience))]))],
            new CalendarView(calendar.TimeZoneId, calendar.WorkingHours, calendar.Holidays),
            isDefault);
    }
}
