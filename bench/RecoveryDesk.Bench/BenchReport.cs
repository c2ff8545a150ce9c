using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RecoveryDesk.Bench;

/// <summary>One target from issue 8 and the figure measured against it in this run.</summary>
internal sealed record TargetCheck(string Name, string Target, double? Measured, string Unit, bool? Met);

/// <summary>
/// Collects the run's figures: a readable table (printed section by section as the phases finish and
/// again in full at the end) and one JSON object, printed as the last line.
/// </summary>
internal sealed class BenchReport
{
    private readonly List<(string Title, List<string[]> Rows)> _sections = [];
    private readonly List<TargetCheck> _targets = [];
    private readonly List<string> _notes = [];
    private readonly List<string> _errors = [];
    private readonly Lock _lock = new();

    public BenchReport(BenchSettings settings)
    {
        Json["mode"] = settings.Smoke ? "smoke" : "full";
        Json["startedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        Json["machine"] = Machine();
    }

    public JsonObject Json { get; } = [];

    public int ErrorCount
    {
        get
        {
            lock (_lock)
            {
                return _errors.Count;
            }
        }
    }

    public static JsonObject Machine()
    {
        var memTotal = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(':')[1].Trim()
            : null;
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return new JsonObject
        {
            ["cores"] = Environment.ProcessorCount,
            ["memory"] = memTotal,
            ["cpu"] = cpu,
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["loadAverageAtStart"] = LoadAverage(),
        };
    }

    /// <summary>A table's rows, starting with its header.</summary>
    public static List<string[]> Table(params string[] header) => [header];

    /// <summary>The 1-minute load average: other work on the machine skews every figure.</summary>
    public static double? LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load
            : null;

    public static string Ms(double value) => double.IsFinite(value) ? value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) : "-";

    public static string Number(double value, string format = "0.0") => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    public static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("0", CultureInfo.InvariantCulture);

    public void Note(string note)
    {
        lock (_lock)
        {
            _notes.Add(note);
        }

        Console.WriteLine($"  note: {note}");
    }

    public void Error(string phase, string error)
    {
        lock (_lock)
        {
            _errors.Add($"{phase}: {error}");
        }

        Console.WriteLine($"  ERROR {phase}: {error}");
    }

    public void Target(string name, string target, double? measured, string unit, bool? met)
    {
        lock (_lock)
        {
            _targets.Add(new TargetCheck(name, target, measured, unit, met));
        }
    }

    /// <summary>A table section: the first row is the header. Printed at once and again at the end.</summary>
    public void Section(string title, List<string[]> rows)
    {
        lock (_lock)
        {
            _sections.Add((title, rows));
        }

        Console.WriteLine();
        Console.Write(Render(title, rows));
    }

    public void PrintSummary()
    {
        var output = new StringBuilder();
        output.AppendLine();
        output.AppendLine("================================ RecoveryDesk load harness: results ================================");
        var machine = Json["machine"]!;
        output.AppendLine(CultureInfo.InvariantCulture, $"machine: {machine["cores"]} cores, {machine["memory"]}, {machine["cpu"]}, {machine["dotnet"]}, {machine["os"]}");
        foreach (var (title, rows) in _sections)
        {
            output.AppendLine();
            output.Append(Render(title, rows));
        }

        output.AppendLine();
        var targetRows = Table("target (issue 8)", "wanted", "measured", "result");
        targetRows.AddRange(_targets.Select(t => new[]
        {
            t.Name,
            t.Target,
            t.Measured is { } m ? $"{Number(m, m >= 100 ? "0" : "0.0")} {t.Unit}" : "-",
            t.Met switch { true => "met", false => "MISSED", _ => "n/a" },
        }));
        output.Append(Render("Targets", targetRows));
        if (_notes.Count > 0)
        {
            output.AppendLine();
            output.AppendLine("Notes");
            foreach (var note in _notes)
            {
                output.AppendLine(CultureInfo.InvariantCulture, $"  - {note}");
            }
        }

        output.AppendLine();
        output.AppendLine(_errors.Count == 0 ? "Errors: none" : $"Errors: {_errors.Count}");
        foreach (var error in _errors.Take(20))
        {
            output.AppendLine(CultureInfo.InvariantCulture, $"  - {error}");
        }

        Console.Write(output.ToString());
    }

    public string FinalJson()
    {
        Json["targets"] = new JsonArray([.. _targets.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["target"] = t.Target,
            ["measured"] = t.Measured is { } m ? Stats.Round(m) : null,
            ["unit"] = t.Unit,
            ["met"] = t.Met,
        })]);
        Json["notes"] = new JsonArray([.. _notes.Select(n => (JsonNode)JsonValue.Create(n))]);
        Json["errors"] = new JsonArray([.. _errors.Select(e => (JsonNode)JsonValue.Create(e))]);
        Json["finishedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        Json["loadAverageAtEnd"] = LoadAverage();
        return Json.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static string Render(string title, List<string[]> rows)
    {
        var output = new StringBuilder();
        output.AppendLine(title);
        if (rows.Count == 0)
        {
            return output.ToString();
        }

        var columns = rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            output.Append("  ").AppendLine(string.Join("  ", cells).TrimEnd());
            if (i == 0)
            {
                output.Append("  ").AppendLine(new string('-', widths.Sum() + (2 * (columns - 1))));
            }
        }

        return output.ToString();
    }
}
