using Microsoft.AspNetCore.DataProtection;

namespace RecoveryDesk.Application.Mail;

/// <summary>
/// Hands the access code of a case being opened from the handler that drew it to the acknowledgement
/// composed in the same unit of work, for this request only. Stored, the code is protected with Data
/// Protection and cleared once the mail has gone; the case itself keeps only its hash.
/// </summary>
public sealed class OpeningCodes(IDataProtectionProvider protection)
{
    private readonly Dictionary<Guid, string> _codes = [];
    private readonly IDataProtector _protector = protection.CreateProtector("RecoveryDesk.Mail.AccessCode");

    public void Remember(Guid caseId, string accessCode) => _codes[caseId] = accessCode;

    public string? Take(Guid caseId) => _codes.Remove(caseId, out var code) ? code : null;

    public string Protect(string accessCode) => _protector.Protect(accessCode);

    /// <summary>Null when the key ring no longer opens it (the link then asks the customer for the code).</summary>
    public string? Unprotect(string? protectedCode)
    {
        if (protectedCode is null)
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(protectedCode);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
