using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Assignment;

/// <summary>How a team's new cases find an owner.</summary>
public enum AssignmentMode
{
    /// <summary>Cases wait in the queue until a member claims one.</summary>
    Queue,

    /// <summary>The desk offers each new case to one available member at a time; claiming by hand still works.</summary>
    Offered,
}

/// <summary>The load that offered assignment balances: open cases weighted by priority.</summary>
public static class Loads
{
    /// <summary>Five normal (P3) cases, or two urgent ones and a normal one.</summary>
    public const int DefaultCapacity = 10;

    public const int MaxCapacity = 200;

    public static int WeightOf(Priority priority) => priority switch
    {
        Priority.P1 => 4,
        Priority.P2 => 3,
        Priority.P3 => 2,
        _ => 1,
    };
}
