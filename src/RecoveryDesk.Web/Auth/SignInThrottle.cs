using System.Net;
using RecoveryDesk.Web.Hosting;

namespace RecoveryDesk.Web.Auth;

/// <summary>
/// Slows down password guessing without letting anyone lock a colleague out: failed sign-ins are
/// counted per email and client address together. After <see cref="FreeFailures"/> failures, that
/// email from that address must wait before its next attempt — 30 seconds, doubling with each further
/// failure, at most 15 minutes — and a success clears the count. Another address is not affected,
/// so someone guessing from elsewhere never keeps the colleague from their desk. Any email is counted,
/// whether or not there is such an account, so the wait says nothing about who has one.
/// Kept in memory (one instance's view, reset by a restart), or in Redis when several instances serve
/// the desk, so guessing through all of them at once meets the same waits as through one.
/// </summary>
public sealed class SignInThrottle(IFailureCountStore store)
{
    public const int FreeFailures = 5;

    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(15);

    // A failure this old is forgotten.
    private static readonly TimeSpan Memory = TimeSpan.FromHours(1);

    private readonly IFailureCounts _failures = store.For("sign-in", new FailureWindow(Memory, FromFirst: false));

    /// <summary>How long this email from this address must still wait, or null when it may try now.</summary>
    public async Task<TimeSpan?> WaitForAsync(string email, IPAddress? address)
    {
        if (await _failures.GetAsync(Key(email, address)) is not { Count: >= FreeFailures } failures)
        {
            return null;
        }

        var wait = failures.Last + Wait(failures.Count) - _failures.Now;
        return wait > TimeSpan.Zero ? wait : null;
    }

    public Task FailedAsync(string email, IPAddress? address) => _failures.AddAsync(Key(email, address));

    public Task SucceededAsync(string email, IPAddress? address) => _failures.ClearAsync(Key(email, address));

    private static TimeSpan Wait(int failures)
    {
        var doublings = Math.Min(failures - FreeFailures, 10);
        var wait = FirstWait * Math.Pow(2, doublings);
        return wait < LongestWait ? wait : LongestWait;
    }

    private static string Key(string email, IPAddress? address) =>
        $"{email.Trim().ToUpperInvariant()}|{address?.ToString() ?? "unknown"}";
}
