using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Mail;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Sla;

namespace RecoveryDesk.Application;

public static class ApplicationRegistration
{
    /// <summary>The use cases, their validation and persistence. The host adds sign-in, HTTP and hubs.</summary>
    public static IServiceCollection AddRecoveryDeskApplication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(CommandTelemetryBehaviour<,>), typeof(ValidationBehaviour<,>)];
        });
        services.AddValidatorsFromAssemblyContaining<ValidationBehaviour<Mediator.IMessage, object>>(ServiceLifetime.Singleton);
        services.AddRecoveryDeskPersistence(configuration);
        services.AddDeskTimers(configuration);
        services.AddScoped<IdempotentReplies>();
        // In the database, so a token or cookie issued by one instance is read by every other.
        services.AddDataProtection().SetApplicationName("RecoveryDesk").PersistKeysToDbContext<RecoveryDeskDbContext>();
        services.AddSingleton(TimeProvider.System);
        // The host replaces it when several instances serve the desk.
        services.AddSingleton<IDeskPeers, NoPeers>();
        services.AddSingleton<StaffActorCache>();
        services.AddSingleton<Outbox.OutboxSignal>();
        services.AddSingleton<Outbox.DeskBacklog>();
        services.AddScoped<StaffActors>();
        services.AddScoped<CaseWrites>();
        services.AddScoped<CustomerData.CustomerErasure>();
        services.AddCustomerMail(configuration);
        return services;
    }
}
