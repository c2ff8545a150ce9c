namespace RecoveryDesk.Application.Staff;

/// <summary>
/// One sign-in of a staff member: every access token, refresh token and cookie it hands out names it,
/// and is honoured only while it is not revoked. A bearer sign-in has exactly one live refresh token
/// at a time; presenting any earlier one means it was copied, and ends the session.
/// </summary>
public sealed class StaffSession
{
    public Guid Id { get; set; }

    public Guid StaffId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The one refresh token that may be used next (none for a cookie sign-in); changes on every use.</summary>
    public Guid? RefreshTokenId { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
