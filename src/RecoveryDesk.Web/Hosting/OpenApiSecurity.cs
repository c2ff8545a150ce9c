using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RecoveryDesk.Web.Hosting;

/// <summary>
/// What the generated OpenAPI document would not say by itself: how to authenticate (a bearer token
/// from /api/auth/login, or the web pages' sign-in cookie) and which operations need it; the 4xx
/// answers each operation can give, as RFC 9457 problem details; an operation id and a description
/// for every operation; the tags, server and licence.
/// </summary>
internal static class OpenApiSecurity
{
    public const string Bearer = "bearer";
    public const string Cookie = "cookie";
    private const string Problem = "ProblemDetails";
    private const string ProblemJson = "application/problem+json";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Sign-in"] = "Staff sign-in: bearer tokens for integrations, the cookie for the web pages; logout ends every session.",
        ["Cases"] = "The staff routes on cases: reads, the ownership handshake, replies, promises and the lifecycle.",
        ["Customers"] = "The customer's routes: the reference in the path, the access code in the X-Access-Code header; no account.",
        ["Supervision"] = "The supervisor board and the recovery and loyalty figures.",
        ["SLA configuration"] = "Admin: SLA targets per team and priority, and business calendars.",
        ["Complaints"] = "Admin: the public complaint form, on or off, and the team whose queue receives it.",
        ["Staff and teams"] = "Colleagues and teams: the directory for hand-offs, and admin changes.",
    };

    public static IServiceCollection AddDeskOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(openApi =>
        {
            openApi.AddOperationTransformer((operation, context, _) =>
            {
                Describe(operation, context);
                return Task.CompletedTask;
            });
            openApi.AddDocumentTransformer((document, _, _) =>
            {
                Complete(document);
                return Task.CompletedTask;
            });
        });

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var path = "/" + (description.RelativePath ?? string.Empty).TrimEnd('/');
        operation.OperationId ??= OperationId(description.HttpMethod ?? "get", path);
        operation.Description ??= operation.Summary;
        operation.Summary ??= operation.Description;

        var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var document = context.Document!;
        if (signedIn)
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Cookie, document)] = [] },
            ];
        }
        else
        {
            // Anyone: an empty requirement says "no authentication needed" explicitly.
            operation.Security = [new OpenApiSecurityRequirement()];
        }

        var write = !HttpMethods.IsGet(description.HttpMethod ?? "GET");
        var customer = path.StartsWith("/api/public/", StringComparison.Ordinal);
        var signIn = path.StartsWith("/api/auth/", StringComparison.Ordinal) && !signedIn;
        Add(operation, document, "400", "Invalid input: problem details with an errors map of field to messages.");
        if (signedIn || signIn)
        {
            Add(operation, document, "401", signIn ? "Sign-in refused." : "Not signed in, or the session has ended.");
        }

        if (signedIn)
        {
            Add(operation, document, "403", write ? "Not allowed (e.g. not the owner), or a cookie write without the X-RecoveryDesk-Request header." : "Not allowed.");
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            Add(operation, document, "404", customer ? "No case matches that reference and access code." : "No such thing, or not visible to you.");
        }

        if (write && path.StartsWith("/api/cases/", StringComparison.Ordinal))
        {
            Add(operation, document, "409", "The case does not allow this now, or someone else won a race.");
            Add(operation, document, "412", "If-Match carried an old version.");
        }

        if (write)
        {
            Add(operation, document, "413", "The body is over 64 KB.");
        }

        if (customer || signIn)
        {
            Add(operation, document, "429", "Too many failed attempts; Retry-After says how many seconds to wait.");
        }
    }

    private static void Complete(OpenApiDocument document)
    {
        document.Info.Description ??= "The RecoveryDesk API: staff routes need a bearer token or the sign-in cookie; customer routes need a case reference and its access code.";
        document.Info.License ??= new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" };
        document.Servers = [new OpenApiServer { Url = "/", Description = "This desk." }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The accessToken from POST /api/auth/login (renewed with POST /api/auth/refresh), as Authorization: Bearer <token>.",
            },
            [Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = CsrfGuard.CookieName,
                Description = $"The web pages' sign-in cookie from POST /api/auth/login?useCookies=true; writes must also send the {CsrfGuard.HeaderName} header.",
            },
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas[Problem] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details.",
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Invalid input only: field to messages.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        };
        var used = document.Paths.Values
            .SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(operation => operation.Tags ?? Enumerable.Empty<OpenApiTagReference>())
            .Select(tag => tag.Name)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
        {
            Name = name,
            Description = TagDescriptions.TryGetValue(name, out var text) ? text : $"{name} routes.",
        }));
    }

    private static void Add(OpenApiOperation operation, OpenApiDocument document, string status, string description)
    {
        operation.Responses ??= [];
        if (operation.Responses.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [ProblemJson] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(Problem, document) },
            },
        };
    }

    /// <summary>"POST /api/cases/{id}/claim" becomes "postCasesByIdClaim".</summary>
    private static string OperationId(string method, string path)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var name = segment.StartsWith('{') ? "by-" + segment.Trim('{', '}').Split(':')[0] : segment;
            foreach (var word in name.Split('-', StringSplitOptions.RemoveEmptyEntries))
            {
                id.Append(char.ToUpper(word[0], CultureInfo.InvariantCulture)).Append(word.AsSpan(1));
            }
        }

        return id.ToString();
    }
}
