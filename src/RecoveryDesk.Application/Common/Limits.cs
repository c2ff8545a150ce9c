namespace RecoveryDesk.Application.Common;

/// <summary>Length limits for every text a client can send; the database columns use the same numbers.</summary>
public static class Limits
{
    public const int Name = 200;
    public const int Email = 254;
    public const int Phone = 40;
    public const int PreferredAddress = 200;
    public const int Subject = 200;
    public const int Category = 100;
    public const int LongText = 8000;
    public const int CustomerText = 4000;
    public const int Reason = 2000;
    public const int Reference = 20;
    public const int TeamName = 100;
    public const int SavedReplyTitle = 100;
    /// <summary>Half a reply, so a saved reply with its placeholders filled still fits in one.</summary>
    public const int SavedReplyText = 4000;
    public const int MaxPageSize = 200;
    public const int MaxPage = 100_000;
}
