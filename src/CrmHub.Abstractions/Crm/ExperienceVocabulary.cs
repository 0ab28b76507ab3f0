namespace CrmHub.Abstractions.Crm;

// D8 vocabulary: satisfaction, SERVQUAL and loyalty. Names are spelled exactly as in CRM-DOMAIN.md.

/// <summary>D8: how satisfied the customer is, ordered from worst to best so that comparisons (&lt;, &gt;) mean "worse"/"better".</summary>
[GenerateSerializer]
public enum SatisfactionLevel
{
    Dissatisfied,
    Satisfied,
    Returning,
    Advocate,
}

/// <summary>D8: the five SERVQUAL dimensions of service quality.</summary>
[GenerateSerializer]
public enum ServqualDimension
{
    Tangibles,
    Empathy,
    Assurance,
    Responsiveness,
    Reliability,
}

/// <summary>D8: why the customer stays loyal.</summary>
[GenerateSerializer]
public enum LoyaltyType
{
    Monopoly,
    Kinship,
    Interest,
    Inertia,
    Trust,
}
