using Microsoft.AspNetCore.Identity;

namespace RecoveryDesk.Application.Staff;

/// <summary>A person who works the desk: agent, supervisor or admin. Signs in with ASP.NET Core Identity.</summary>
public sealed class StaffMember : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = string.Empty;

    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether the desk may offer them work now; see <see cref="Assignment.Availabilities"/>.</summary>
    public Assignment.Availability Availability { get; set; }

    /// <summary>When an absence ends by itself (Away only); from then on they count as available again.</summary>
    public DateTimeOffset? AwayUntil { get; set; }

    /// <summary>Who covers their cases while they are away or off shift (else their team).</summary>
    public Guid? SubstituteId { get; set; }

    /// <summary>What a customer sees: the first name only.</summary>
    public static string FirstNameOf(string displayName) =>
        displayName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? displayName;
}

public static class StaffRoleNames
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Agent, Supervisor, Admin];
}
