using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CrmHub.Host;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>, always) and the Scalar UI (<c>/scalar</c>, Development only).</summary>
public static class CrmHubOpenApiExtensions
{
    public const string DocumentName = "v1";
    public const string BearerSchemeName = "Bearer";
    public const string ApiKeySchemeName = "ApiKey";
    public const string ApiKeyHeaderName = "X-Api-Key";

    public static WebApplicationBuilder AddCrmHubOpenApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOpenApi(DocumentName, options => options
            .AddDocumentTransformer(DescribeDocument)
            .AddOperationTransformer(DescribeSecurity));
        return builder;
    }

    public static WebApplication MapCrmHubOpenApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapOpenApi(); // /openapi/{documentName}.json
        if (app.Environment.IsDevelopment())
            app.MapScalarApiReference(); // /scalar

        return app;
    }

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info ??= new OpenApiInfo();
        document.Info.Title = "CrmHub API";
        document.Info.Version = DocumentName;
        document.Info.Description =
            "Real-time CRM service hub. People sign in and send a JWT as `Authorization: Bearer <token>`; "
            + "event producers send their key in the `X-Api-Key` header.";

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerSchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT issued by CrmHub's sign-in endpoint, for agents, supervisors and administrators.",
        };
        document.Components.SecuritySchemes[ApiKeySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyHeaderName,
            Description = "An event producer's API key.",
        };

        return Task.CompletedTask;
    }

    /// <summary>
    /// Marks each operation that requires authorization with the scheme it takes: event ingestion the
    /// API key, everything else a bearer JWT. Anonymous operations (sign-in) name none.
    /// </summary>
    private static Task DescribeSecurity(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
            return Task.CompletedTask;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count == 0)
            return Task.CompletedTask;

        var scheme = authorize.Any(a => a.Policy == AuthPolicies.EventProducer) ? ApiKeySchemeName : BearerSchemeName;
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
        return Task.CompletedTask;
    }
}
