using System.Globalization;
using System.Text;

namespace RecoveryDesk.Domain.Sla;

/// <summary>Durations and times as people read them in messages: "1 d 2 h 30 min", "09:00", "24:00".</summary>
internal static class DurationText
{
    public static string Of(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0 min";
        }

        var text = new StringBuilder(duration < TimeSpan.Zero ? "-" : string.Empty);
        var value = duration.Duration();
        Append(text, value.Days, "d");
        Append(text, value.Hours, "h");
        Append(text, value.Minutes, "min");
        Append(text, value.Seconds, "s");
        if (value.Days == 0 && value.Hours == 0 && value.Minutes == 0 && value.Seconds == 0)
        {
            text.Append(value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)).Append(" ms");
        }

        return text.ToString().TrimEnd();
    }

    public static string Of(TimeOnly time) =>
        time.ToString(time.Second == 0 && time.Millisecond == 0 ? "HH:mm" : "HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    public static string Of(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Append(StringBuilder text, int amount, string unit)
    {
        if (amount != 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(unit).Append(' ');
        }
    }
}
