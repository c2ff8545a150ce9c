using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Web.Hosting;

namespace RecoveryDesk.Web.Public;

/// <summary>The "Complaints" configuration section: how the public complaint form is protected.</summary>
public sealed class ComplaintOptions
{
    /// <summary>A form sent back sooner than this after the page loaded was not filled in by a person.</summary>
    public TimeSpan MinimumFillTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a loaded form stays valid; the page fetches a fresh one when it has lapsed.</summary>
    public TimeSpan FormTokenLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Complaint forms each client address may send per hour (every attempt counts).</summary>
    public int PerAddressPerHour { get; set; } = 5;
}

/// <summary>
/// The form token the complaint page gets when it loads: its issue time, signed and encrypted with Data
/// Protection, so a client can neither forge one nor backdate it. Checked on the desk's own clock
/// (TimeProvider) rather than with the time-limited protector, which reads the system clock.
/// </summary>
public sealed class ComplaintFormTokens(IDataProtectionProvider protection, TimeProvider clock, ComplaintOptions options)
{
    public const string Field = "formToken";

    private readonly IDataProtector _protector = protection.CreateProtector("RecoveryDesk.Complaints.FormToken.v1");

    public string Issue() => _protector.Protect(clock.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture));

    /// <summary>Throws a 400 naming <see cref="Field"/> unless the token is ours, old enough and not lapsed.</summary>
    public void Check(string? token)
    {
        var age = clock.GetUtcNow() - IssuedAt(token);
        if (age is not { } known || known < TimeSpan.Zero || known > options.FormTokenLifetime)
        {
            throw InputErrors.For(Field, "This form was loaded too long ago or not from our page. We have refreshed it: please send it again.");
        }

        if (known < options.MinimumFillTime)
        {
            throw InputErrors.For(Field, "That was quicker than anyone can fill in the form. Please check it and send it again.");
        }
    }

    private DateTimeOffset? IssuedAt(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            return long.TryParse(_protector.Unprotect(token), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? new DateTimeOffset(ticks, TimeSpan.Zero)
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>
/// What stands between the complaint form and a script, without a third-party service: the address
/// limit (<see cref="ComplaintLimits"/>, before this), then the form token here; then the complaint is
/// validated like every other customer text, and the honeypot is answered (SubmitComplaintHandler).
/// </summary>
internal static class ComplaintGuard
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var complaint = context.Arguments.OfType<ComplaintRequest>().FirstOrDefault();
        context.HttpContext.RequestServices.GetRequiredService<ComplaintFormTokens>().Check(complaint?.FormToken);
        return await next(context);
    }
}
