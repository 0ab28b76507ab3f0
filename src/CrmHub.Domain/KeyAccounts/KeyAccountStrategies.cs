using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.KeyAccounts;

/// <summary>D5: how to serve a key account, by what it is most sensitive to.</summary>
public static class KeyAccountStrategies
{
    private static readonly string[] PriceSensitive =
    [
        "Volume rebates on cumulative annual purchases: the more bought, the higher the rebate",
        "Off-season pricing",
        "Bundles",
    ];

    private static readonly string[] ServiceSensitive =
    [
        "Proactive service: remind the customer of the services they are owed",
        "Value-added technical service",
    ];

    private static readonly string[] TechnologySensitive =
    [
        "Early access to new products",
        "Joint trials",
        "Technical training",
    ];

    /// <summary>D5: the recommended strategies for one sensitivity group, as short sentences to show an agent.</summary>
    public static IReadOnlyList<string> For(KeyAccountSensitivity sensitivity) => sensitivity switch
    {
        KeyAccountSensitivity.PriceSensitive => PriceSensitive,
        KeyAccountSensitivity.ServiceSensitive => ServiceSensitive,
        KeyAccountSensitivity.TechnologySensitive => TechnologySensitive,
        _ => throw new ArgumentOutOfRangeException(nameof(sensitivity), sensitivity, "Not a key-account sensitivity."),
    };
}
