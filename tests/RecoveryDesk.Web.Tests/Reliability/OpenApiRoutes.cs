using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Reliability;

/// <summary>One operation of the live OpenAPI document: method, path template, path parameters and JSON body schema.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters, JsonElement? BodySchema)
{
    /// <summary>"POST /api/cases/{id}/claim": the key expectations are written against (no trailing slash).</summary>
    public string Key => $"{Method} {(Path.Length > 1 ? Path.TrimEnd('/') : Path)}";

    public bool IsWrite => Method != "GET";

    public override string ToString() => Key;
}

/// <summary>
/// Reads /openapi/v1.json from the running host, so the reliability tests cover every route the
/// service publishes, including routes added after the tests were written.
/// </summary>
public sealed class OpenApiRoutes
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    private readonly JsonElement _document;

    private OpenApiRoutes(JsonElement document, IReadOnlyList<ApiOperation> operations)
    {
        _document = document;
        Operations = operations;
    }

    public IReadOnlyList<ApiOperation> Operations { get; }

    public static async Task<OpenApiRoutes> LoadAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET /openapi/v1.json: {(int)response.StatusCode} {text}");
        var document = JsonSerializer.Deserialize<JsonElement>(text);
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in Methods)
            {
                if (!path.Value.TryGetProperty(method, out var operation))
                {
                    continue;
                }

                var parameters = new List<string>();
                var query = new List<string>();
                foreach (var source in new[] { path.Value, operation })
                {
                    if (source.TryGetProperty("parameters", out var list))
                    {
                        parameters.AddRange(ParametersIn(list, "path"));
                        query.AddRange(ParametersIn(list, "query"));
                    }
                }

                JsonElement? body = operation.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.TryGetProperty("content", out var content)
                    && content.TryGetProperty("application/json", out var json)
                    && json.TryGetProperty("schema", out var schema)
                        ? schema
                        : null;
                operations.Add(new ApiOperation(method.ToUpperInvariant(), path.Name, [.. parameters.Distinct()], [.. query.Distinct()], body));
            }
        }

        Assert.That(operations, Has.Count.GreaterThan(20), "the OpenAPI document lists the routes");
        return new OpenApiRoutes(document, operations);
    }

    /// <summary>Follows $ref and picks the non-null branch of a nullable schema.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        for (var depth = 0; depth < 10; depth++)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                var name = reference.GetString()!.Split('/')[^1];
                schema = _document.GetProperty("components").GetProperty("schemas").GetProperty(name);
                continue;
            }

            var branch = new[] { "oneOf", "anyOf", "allOf" }
                .Select(key => schema.TryGetProperty(key, out var list) ? list.EnumerateArray().FirstOrDefault(s => TypeOf(s) != "null") : default)
                .FirstOrDefault(s => s.ValueKind == JsonValueKind.Object);
            if (branch.ValueKind == JsonValueKind.Object)
            {
                schema = branch;
                continue;
            }

            break;
        }

        return schema;
    }

    /// <summary>The schema's type without "null": string, integer, number, boolean, array, object, or "" when untyped.</summary>
    public static string TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : string.Empty;
        }

        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()!).FirstOrDefault(t => t != "null") ?? "null"
            : type.GetString()!;
    }

    private static IEnumerable<string> ParametersIn(JsonElement list, string where) =>
        list.EnumerateArray()
            .Where(p => p.TryGetProperty("in", out var location) && location.GetString() == where)
            .Select(p => p.GetProperty("name").GetString()!);

    public static string? FormatOf(JsonElement schema) =>
        schema.TryGetProperty("format", out var format) ? format.GetString() : null;
}
