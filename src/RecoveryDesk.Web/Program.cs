using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using RecoveryDesk.Application;
using RecoveryDesk.Application.Mail;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Web.Assignment;
using RecoveryDesk.Web.Auth;
using RecoveryDesk.Web.Cases;
using RecoveryDesk.Web.CustomerData;
using RecoveryDesk.Web.Hosting;
using RecoveryDesk.Web.Pages;
using RecoveryDesk.Web.Public;
using RecoveryDesk.Web.SavedReplies;
using RecoveryDesk.Web.Hubs;
using RecoveryDesk.Web.Mail;
using RecoveryDesk.Web.Staff;
using RecoveryDesk.Web.Supervision;
using Scalar.AspNetCore;

var backup = args is [DatabaseBackup.Verb, ..];
var demo = args.Contains("--demo");
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. args.Skip(backup ? 2 : 0).Where(a => a != "--demo")] });
if (backup)
{
    // A verb, not the service: it reads the same configuration and exits before any host is built.
    Environment.ExitCode = await DatabaseBackup.RunAsync(builder.Configuration, args.ElementAtOrDefault(1), Console.Out, Console.Error);
    return;
}

builder.WebHost.UseUrls(TelemetrySetup.ListenAddresses(builder.Configuration, fallback: "http://localhost:5080"));

if (demo && string.IsNullOrEmpty(builder.Configuration["Mail:InboundFolderTeam"]))
{
    // The demo's customers write to the front line, where Ava and Ben work.
    builder.Configuration["Mail:InboundFolderTeam"] = "Front Line";
}

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);

// First hosted service: the database is migrated and seeded before timers and the outbox start.
builder.Services.AddSingleton(new DemoMode(demo));
builder.Services.AddHostedService<DatabaseStartup>();
builder.Services.AddRecoveryDeskApplication(builder.Configuration);
builder.Services.AddIdentityApiEndpoints<StaffMember>(identity =>
    {
        identity.User.RequireUniqueEmail = true;
        identity.Password.RequiredLength = 12;
        // No hard lockout, which anyone knowing an email could set off: SignInThrottle slows guessing instead.
        identity.Lockout.AllowedForNewUsers = false;
    })
    .AddRoles<IdentityRole<Guid>>()
    // Identity's saves go through the unit of work too, so a changed role or security stamp is announced and forgotten by the cache.
    .AddUserStore<DeskUserStore>()
    .AddRoleStore<DeskRoleStore>();
builder.Services.AddSingleton<SignInThrottle>();
builder.Services.AddScoped<StandInPassword>();
builder.Services.AddStaffSessions();
builder.Services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, bearer =>
    bearer.BearerTokenExpiration = builder.Configuration.GetValue("Auth:AccessTokenLifetime", TimeSpan.FromHours(1)));
builder.Services.ConfigureApplicationCookie(cookie =>
{
    cookie.Cookie.Name = CsrfGuard.CookieName;
    cookie.Cookie.HttpOnly = true;
    cookie.Cookie.SameSite = SameSiteMode.Strict;
    cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    cookie.SlidingExpiration = true;
    cookie.ExpireTimeSpan = TimeSpan.FromHours(10);
    // The API answers 401/403; only pages are sent to the sign-in page.
    cookie.Events.OnRedirectToLogin = context => Redirect(context.HttpContext, context.RedirectUri, StatusCodes.Status401Unauthorized);
    cookie.Events.OnRedirectToAccessDenied = context => Redirect(context.HttpContext, context.RedirectUri, StatusCodes.Status403Forbidden);
});
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(Policies.Staff, policy => policy.RequireAuthenticatedUser())
    .AddPolicy(Policies.Supervisor, policy => policy.RequireRole(StaffRoleNames.Supervisor))
    .AddPolicy(Policies.Admin, policy => policy.RequireRole(StaffRoleNames.Admin));

builder.Services.ConfigureHttpJsonOptions(json =>
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));
builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemMapping>();
builder.Services.AddDeskRateLimits(builder.Configuration);
builder.Services.AddComplaintForm(builder.Configuration);
builder.Services.AddSingleton(PublicAddress.From(builder.Configuration));
builder.Services.AddDeskForwardedHeaders(builder.Configuration);
builder.Services.AddDeskOpenApi();
builder.Services.AddHealthChecks()
    .AddDbContextCheck<RecoveryDeskDbContext>("database", tags: ["ready"])
    .AddCheck<MailHealthCheck>("mail", tags: ["ready"]);
builder.Services.AddRecoveryDeskLive(builder.Configuration);
builder.Services.AddMailDispatcher();
builder.AddDeskTelemetry();
HubErrorLog.AddTo(builder);

var app = builder.Build();

app.UseDeskMetrics();
app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseServerTime();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimit();
app.UseStaticFiles();
app.UseAuthentication();
app.UseSessionCheck();
app.UseCsrfGuard();
app.UseAuthorization();
app.UseRateLimiter();

app.MapOpenApi();
app.MapScalarApiReference("/docs", scalar => scalar.WithTitle("RecoveryDesk API"));
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapAuthEndpoints();
app.MapCaseEndpoints();
app.MapStaffEndpoints();
app.MapAuditEndpoints();
app.MapCustomerDataEndpoints();
app.MapSupervisionEndpoints();
app.MapAssignmentEndpoints();
app.MapPublicEndpoints();
app.MapComplaintEndpoints();
app.MapMailEndpoints();
app.MapAttachmentEndpoints();
app.MapSavedReplyEndpoints();
app.MapPageEndpoints();
app.MapHub<DeskHub>("/hubs/desk");
app.MapHub<StatusHub>("/hubs/status");

await app.RunAsync();

static Task Redirect(HttpContext http, string redirectUri, int apiStatus)
{
    if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/hubs"))
    {
        http.Response.StatusCode = apiStatus;
    }
    else
    {
        http.Response.Redirect(redirectUri);
    }

    return Task.CompletedTask;
}

/// <summary>The host, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
