using System.Security.Claims;

namespace RecoveryDesk.Web.Auth;

internal static class StaffClaims
{
    /// <summary>The signed-in staff member's id; only called on endpoints that require sign-in.</summary>
    public static Guid StaffId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The signed-in user has no staff id.");
}

internal static class Policies
{
    public const string Staff = "Staff";
    public const string Supervisor = "Supervisor";
    public const string Admin = "Admin";
}
