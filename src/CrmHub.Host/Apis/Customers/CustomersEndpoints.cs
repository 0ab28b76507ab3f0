using CrmHub.Abstractions.Customers;
using CrmHub.Host.Apis.Events;
using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmHub.Host.Apis.Customers;

public static class CustomersEndpoints
{
    public static RouteGroupBuilder MapCustomersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/customers/{id}", GetCustomer)
            .WithName("GetCustomer")
            .WithTags("Customers")
            .WithSummary("The customer 360 view: profile, lifecycle stage, purchases, open complaints, latest timeline.")
            .RequireAuthorization(AuthPolicies.User);
        return api;
    }

    internal static async Task<Results<Ok<CustomerView>, ProblemHttpResult>> GetCustomer(string id, IGrainFactory grains)
    {
        if (!CloudEventParser.IdentifierPattern().IsMatch(id))
            return ApiProblems.NotFound("customer", id);
        var view = await grains.GetGrain<ICustomerGrain>(id).GetView();
        return view is null ? ApiProblems.NotFound("customer", id) : TypedResults.Ok(view);
    }
}
