using System.Globalization;
using System.Text;

namespace RecoveryDesk.Application.Supervision;

/// <summary>
/// The figures as one CSV table for a spreadsheet: a row per UTC day, the period's total, and a row per
/// colleague. Numbers are written the invariant way (a point for decimals), empty where nothing counted;
/// a text that a spreadsheet would take for a formula is kept as text.
/// </summary>
public static class MetricsCsv
{
    private static readonly string[] Header =
    [
        "row", "day or colleague", "sla_compliance_percent", "median_first_response_minutes", "first_responses",
        "median_resolution_minutes", "resolutions", "median_handoff_acceptance_minutes", "handoffs_accepted",
        "promises_kept_percent", "promises_kept", "promises_broken", "csat_percent", "csat_mean_satisfaction",
        "feedback_responses", "nps", "promoters_percent", "detractors_percent", "top_box_percent",
        "reopen_rate_percent", "reopens",
    ];

    public static string Of(Metrics metrics)
    {
        var csv = new StringBuilder();
        Line(csv, Header);
        foreach (var day in metrics.Daily)
        {
            Line(csv, ["day", day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), .. Values(day.Figures)]);
        }

        Line(csv, ["total", $"{metrics.From:yyyy-MM-dd} to {metrics.To:yyyy-MM-dd}", .. Values(metrics.Totals)]);
        foreach (var agent in metrics.Agents)
        {
            Line(csv, ["colleague", agent.Name, .. Values(agent.Figures)]);
        }

        return csv.ToString();
    }

    private static string[] Values(MetricFigures f) =>
    [
        N(f.SlaCompliancePercent), N(f.MedianFirstResponseMinutes), N(f.FirstResponses), N(f.MedianResolutionMinutes), N(f.Resolutions),
        N(f.MedianHandoffAcceptanceMinutes), N(f.HandoffsAccepted), N(f.PromisesKeptPercent), N(f.PromisesKept), N(f.PromisesBroken),
        N(f.CsatPercent), N(f.CsatMeanSatisfaction), N(f.FeedbackResponses), N(f.Nps), N(f.PromotersPercent), N(f.DetractorsPercent),
        N(f.TopBoxPercent), N(f.ReopenRatePercent), N(f.Reopens),
    ];

    private static string N(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder csv, IEnumerable<string> fields) =>
        csv.Append(string.Join(',', fields.Select(Field))).Append("\r\n");

    /// <summary>Quoted when it holds a comma, quote or line break; a leading =, +, -, @, tab or return is kept as text.</summary>
    private static string Field(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
