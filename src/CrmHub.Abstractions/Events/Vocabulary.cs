namespace CrmHub.Abstractions.Events;

// The enums of CRM-DOMAIN.md. Names are spelled exactly as in the brief: the API shows them as strings.

/// <summary>D1: where the customer stands towards the company.</summary>
[GenerateSerializer]
public enum LifecycleStage
{
    NonCustomer,
    Potential,
    Target,
    FirstTime,
    Repeat,
    Loyal,
    Churned,
}

/// <summary>D1: the kind of party the customer is.</summary>
[GenerateSerializer]
public enum CustomerSource
{
    EndCustomer,
    Intermediary,
    PublicInterest,
    Internal,
    Partner,
}

/// <summary>D1: how the customer pays.</summary>
[GenerateSerializer]
public enum Settlement
{
    Cash,
    Prepaid,
    Credit,
}

[GenerateSerializer]
public enum ContactChannel
{
    Phone,
    Email,
    Chat,
    Visit,
    Sms,
    Web,
}

[GenerateSerializer]
public enum ContactDirection
{
    Inbound,
    Outbound,
}

/// <summary>D9: a complaint is about a product or about service.</summary>
[GenerateSerializer]
public enum ComplaintCategory
{
    Product,
    Service,
}

[GenerateSerializer]
public enum ComplaintSeverity
{
    Low,
    Normal,
    High,
}
