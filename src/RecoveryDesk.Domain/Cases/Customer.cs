namespace RecoveryDesk.Domain.Cases;

/// <summary>The person who complained, and how they wish to be addressed.</summary>
public sealed record Customer
{
    public Customer(string name, string? email, string? phone, string? preferredAddress)
    {
        Name = name?.Trim() ?? string.Empty;
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        Phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        PreferredAddress = string.IsNullOrWhiteSpace(preferredAddress) ? null : preferredAddress.Trim();
    }

    public string Name { get; private init; }

    public string? Email { get; private init; }

    public string? Phone { get; private init; }

    /// <summary>How the customer wishes to be addressed; null means "title and surname until told otherwise".</summary>
    public string? PreferredAddress { get; private init; }

    /// <summary>How to address the customer now: as they asked, else by the name they gave.</summary>
    public string AddressAs => PreferredAddress ?? Name;
}
