using Microsoft.AspNetCore.Identity;

namespace RecoveryDesk.Application.Staff;

/// <summary>A person who works the desk: agent, supervisor or admin. Signs in with ASP.NET Core Identity.</summary>
public sealed class StaffMember : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = string.Empty;

    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

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
