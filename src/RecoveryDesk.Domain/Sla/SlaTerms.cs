using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Domain.Sla;

/// <summary>
/// The terms a case runs under: its team's calendar and the targets for its priority, copied onto the
/// case when it opens (and when its team or priority changes), so later edits to a policy never move
/// deadlines a customer was already given.
/// </summary>
public sealed record SlaTerms(BusinessCalendarDefinition Calendar, SlaTargets Targets)
{
    public static SlaTerms Default(Priority priority) =>
        new(BusinessCalendar.AlwaysOpen.ToDefinition(), SlaPolicy.Defaults().For(priority));
}
