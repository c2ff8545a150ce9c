using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using RecoveryDesk.Application.Staff;

namespace RecoveryDesk.Web.Auth;

/// <summary>
/// A password hash made by the desk's own hasher for no one: checked when the email has no account, so
/// that costs the same work as a wrong password.
/// </summary>
public sealed class StandInPassword(IPasswordHasher<StaffMember> hasher)
{
    private static readonly StaffMember Nobody = new();

    // Made once (hashing is the slow part) with the first hasher asked; every hasher here is the same kind.
    private static string? _hash;

    /// <summary>Always false, after a full hash check.</summary>
    public bool Check(string password)
    {
        _hash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        _ = hasher.VerifyHashedPassword(Nobody, _hash, password);
        return false;
    }
}
