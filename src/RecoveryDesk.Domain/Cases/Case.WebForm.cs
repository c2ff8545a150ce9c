using RecoveryDesk.Domain.Sla;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Domain.Cases;

/// <summary>A complaint the customer wrote themselves, on the desk's public form.</summary>
public sealed partial class Case
{
    public const string WebFormOpeningText = "You sent us this complaint through our web form.";

    /// <summary>
    /// The one way a customer opens a case: through the web form, into the queue of the team the admin
    /// chose, channel Web. The timeline records the customer as the opener, so staff and the customer
    /// both read that it came from the form, not from a colleague.
    /// </summary>
    public static Case OpenFromWebForm(
        Customer customer,
        string subject,
        string description,
        Priority priority,
        Guid teamId,
        DateTimeOffset now,
        out string accessCode,
        SlaTerms? terms = null)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return Start(Actor.Customer(customer.Name), WebFormOpeningText, customer, subject, description, Channel.Web, null, priority, teamId, now, out accessCode, terms);
    }
}
