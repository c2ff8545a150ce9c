using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RecoveryDesk.Domain.Sla;

namespace RecoveryDesk.Application.Sla;

/// <summary>How SLA terms, policies and calendars are stored: JSON, compared by content.</summary>
public static class SlaJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static readonly ValueConverter<SlaTerms, string> TermsConverter = new(
        terms => JsonSerializer.Serialize(terms, Options),
        json => JsonSerializer.Deserialize<SlaTerms>(json, Options)!);

    // Terms are immutable and only ever replaced whole, so the change tracker's snapshot can be the same
    // instance, and an unchanged case compares by reference without serializing anything.
    public static readonly ValueComparer<SlaTerms> TermsComparer = new(
        (a, b) => ReferenceEquals(a, b) || (a != null && b != null && JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options)),
        terms => JsonSerializer.Serialize(terms, Options).GetHashCode(StringComparison.Ordinal),
        terms => terms);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}
