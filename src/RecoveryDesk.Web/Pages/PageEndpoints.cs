namespace RecoveryDesk.Web.Pages;

/// <summary>
/// The web pages: static HTML and ES modules from wwwroot, each page a route. Pages hold no data of
/// their own; they read the API with the sign-in cookie (staff) or the access code (customers).
/// </summary>
internal static class PageEndpoints
{
    private static readonly (string Route, string File)[] Pages =
    [
        ("/", "index.html"),
        ("/console", "console.html"),
        ("/board", "board.html"),
        ("/board/figures", "figures.html"),
        ("/status", "status.html"),
        ("/status/{reference}", "status.html"),
        ("/complain", "complain.html"),
    ];

    public static IEndpointRouteBuilder MapPageEndpoints(this IEndpointRouteBuilder app)
    {
        var environment = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        foreach (var (route, file) in Pages)
        {
            // Started from a folder without wwwroot (e.g. the build output) the web root is null: no pages, but the API runs.
            var path = Path.Combine(environment.WebRootPath ?? Path.Combine(environment.ContentRootPath, "wwwroot"), file);
            app.MapGet(route, (HttpContext http) =>
                {
                    // Pages change with each release; never serve a stale one from a cache.
                    http.Response.Headers.CacheControl = "no-cache";
                    return File.Exists(path) ? Results.File(path, "text/html; charset=utf-8") : Results.NotFound();
                })
                .ExcludeFromDescription()
                .AllowAnonymous();
        }

        return app;
    }
}
