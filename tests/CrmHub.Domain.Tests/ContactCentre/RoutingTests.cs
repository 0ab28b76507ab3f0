using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Crm;
using CrmHub.Domain.ContactCentre;

namespace CrmHub.Domain.Tests.ContactCentre;

public class RoutingTests
{
    private static readonly HashSet<string> NoneExcluded = [];

    private static WaitingItem Item(
        string id = "w-1",
        Tier tier = Tier.Iron,
        double offeredMinute = 0,
        bool isKeyAccount = false,
        string? manager = null,
        params string[] skills) =>
        new(id, tier, isKeyAccount, manager, Build.At(offeredMinute), ContactChannel.Voice, [.. skills.Select(SkillRequirement.Parse)]);

    private static RoutingCandidate Agent(
        string id,
        double occupancy = 0.5,
        double idleSinceMinute = 0,
        int freeCapacity = 1,
        AgentPresence presence = AgentPresence.Available,
        params string[] skills) =>
        new(id, presence, SkillRequirement.ParseSkills(skills), freeCapacity, occupancy, Build.At(idleSinceMinute));

    private static string[] Ids(IEnumerable<WaitingItem> items) => [.. items.Select(item => item.WorkItemId)];

    // ---- Prioritise ----

    [Fact]
    public void Higher_tiers_are_served_first_Platinum_Gold_Iron_Lead()
    {
        var ordered = Routing.Prioritise([Item("lead", Tier.Lead), Item("iron", Tier.Iron), Item("platinum", Tier.Platinum), Item("gold", Tier.Gold)]);

        Ids(ordered).ShouldBe(["platinum", "gold", "iron", "lead"]);
    }

    [Fact]
    public void Within_a_tier_the_longest_waiting_item_is_served_first()
    {
        var ordered = Routing.Prioritise([Item("new", offeredMinute: 5), Item("old", offeredMinute: 1), Item("middle", offeredMinute: 3)]);

        Ids(ordered).ShouldBe(["old", "middle", "new"]);
    }

    [Fact]
    public void Tier_outranks_waiting_time()
    {
        var ordered = Routing.Prioritise([Item("old-lead", Tier.Lead, offeredMinute: 0), Item("new-gold", Tier.Gold, offeredMinute: 30)]);

        Ids(ordered).ShouldBe(["new-gold", "old-lead"]);
    }

    [Fact]
    public void A_key_accounts_item_is_not_moved_ahead_of_its_tier_and_waiting_order()
    {
        var ordered = Routing.Prioritise([Item("key-new", Tier.Gold, offeredMinute: 9, isKeyAccount: true, manager: "kam"), Item("plain-old", Tier.Gold, offeredMinute: 1)]);

        Ids(ordered).ShouldBe(["plain-old", "key-new"]);
    }

    [Fact]
    public void Items_of_the_same_tier_offered_at_the_same_time_are_ordered_by_id_so_the_order_is_stable()
    {
        var ordered = Routing.Prioritise([Item("w-b"), Item("w-c"), Item("w-a")]);

        Ids(ordered).ShouldBe(["w-a", "w-b", "w-c"]);
    }

    // ---- ChooseAgent: key-account manager ----

    [Fact]
    public void A_key_accounts_item_goes_to_its_key_account_manager_even_when_another_agent_is_less_busy()
    {
        var chosen = Routing.ChooseAgent(
            Item(isKeyAccount: true, manager: "kam"),
            [Agent("idle", occupancy: 0), Agent("kam", occupancy: 0.9)],
            NoneExcluded);

        chosen.ShouldBe("kam");
    }

    [Fact]
    public void The_key_account_manager_gets_the_item_without_the_skill_check_normal_routing_applies()
    {
        var chosen = Routing.ChooseAgent(
            Item(isKeyAccount: true, manager: "kam", skills: ["billing:3"]),
            [Agent("expert", occupancy: 0, skills: ["billing:3"]), Agent("kam")],
            NoneExcluded);

        chosen.ShouldBe("kam");
    }

    [Theory]
    [InlineData(AgentPresence.Busy)]
    [InlineData(AgentPresence.AfterCallWork)]
    [InlineData(AgentPresence.Break)]
    [InlineData(AgentPresence.Offline)]
    public void When_the_key_account_manager_is_not_available_normal_routing_applies(AgentPresence presence)
    {
        var chosen = Routing.ChooseAgent(
            Item(isKeyAccount: true, manager: "kam"),
            [Agent("kam", occupancy: 0, presence: presence), Agent("other", occupancy: 0.6), Agent("least-busy", occupancy: 0.2)],
            NoneExcluded);

        chosen.ShouldBe("least-busy");
    }

    [Fact]
    public void When_the_key_account_manager_is_at_capacity_normal_routing_applies()
    {
        var chosen = Routing.ChooseAgent(Item(isKeyAccount: true, manager: "kam"), [Agent("kam", occupancy: 0, freeCapacity: 0), Agent("other")], NoneExcluded);

        chosen.ShouldBe("other");
    }

    [Fact]
    public void When_the_key_account_manager_is_excluded_normal_routing_applies()
    {
        var chosen = Routing.ChooseAgent(Item(isKeyAccount: true, manager: "kam"), [Agent("kam", occupancy: 0), Agent("other")], new HashSet<string> { "kam" });

        chosen.ShouldBe("other");
    }

    [Fact]
    public void When_the_key_account_manager_is_not_a_candidate_normal_routing_applies()
    {
        var chosen = Routing.ChooseAgent(Item(isKeyAccount: true, manager: "kam"), [Agent("other")], NoneExcluded);

        chosen.ShouldBe("other");
    }

    [Fact]
    public void An_item_that_is_not_a_key_accounts_ignores_a_named_manager()
    {
        var chosen = Routing.ChooseAgent(Item(isKeyAccount: false, manager: "kam"), [Agent("kam", occupancy: 0.9), Agent("idle", occupancy: 0)], NoneExcluded);

        chosen.ShouldBe("idle");
    }

    // ---- ChooseAgent: eligibility ----

    [Fact]
    public void Only_agents_with_every_required_skill_are_chosen()
    {
        var chosen = Routing.ChooseAgent(
            Item(skills: ["billing", "technical"]),
            [Agent("billing-only", occupancy: 0, skills: ["billing:5"]), Agent("both", occupancy: 0.8, skills: ["billing:1", "technical:1"])],
            NoneExcluded);

        chosen.ShouldBe("both");
    }

    [Fact]
    public void A_skill_below_the_required_level_does_not_qualify_and_one_above_does()
    {
        var chosen = Routing.ChooseAgent(
            Item(skills: ["billing:3"]),
            [Agent("junior", occupancy: 0, skills: ["billing:2"]), Agent("senior", occupancy: 0.7, skills: ["billing:4"])],
            NoneExcluded);

        chosen.ShouldBe("senior");
    }

    [Fact]
    public void A_language_tag_must_match_exactly()
    {
        var chosen = Routing.ChooseAgent(
            Item(skills: ["language:en"]),
            [Agent("german", occupancy: 0, skills: ["language:de"]), Agent("english", occupancy: 0.7, skills: ["Language:EN", "billing:2"])],
            NoneExcluded);

        chosen.ShouldBe("english");
    }

    [Fact]
    public void Agents_without_free_capacity_are_not_chosen()
    {
        var chosen = Routing.ChooseAgent(Item(), [Agent("full", occupancy: 0, freeCapacity: 0), Agent("free", occupancy: 0.9, freeCapacity: 2)], NoneExcluded);

        chosen.ShouldBe("free");
    }

    [Theory]
    [InlineData(AgentPresence.Busy)]
    [InlineData(AgentPresence.AfterCallWork)]
    [InlineData(AgentPresence.Break)]
    [InlineData(AgentPresence.Offline)]
    public void Only_available_agents_are_chosen(AgentPresence presence)
    {
        var chosen = Routing.ChooseAgent(Item(), [Agent("away", occupancy: 0, presence: presence), Agent("here", occupancy: 0.9)], NoneExcluded);

        chosen.ShouldBe("here");
    }

    [Fact]
    public void Excluded_agents_are_not_chosen()
    {
        var chosen = Routing.ChooseAgent(Item(), [Agent("declined", occupancy: 0), Agent("next", occupancy: 0.9)], new HashSet<string> { "declined" });

        chosen.ShouldBe("next");
    }

    // ---- ChooseAgent: ordering among eligible agents ----

    [Fact]
    public void The_agent_with_the_lowest_occupancy_is_chosen()
    {
        var chosen = Routing.ChooseAgent(Item(), [Agent("busy", occupancy: 0.8, idleSinceMinute: -60), Agent("calm", occupancy: 0.3), Agent("medium", occupancy: 0.5)], NoneExcluded);

        chosen.ShouldBe("calm");
    }

    [Fact]
    public void On_equal_occupancy_the_agent_idle_the_longest_is_chosen()
    {
        var chosen = Routing.ChooseAgent(Item(), [Agent("recent", idleSinceMinute: -1), Agent("longest", idleSinceMinute: -30), Agent("middle", idleSinceMinute: -10)], NoneExcluded);

        chosen.ShouldBe("longest");
    }

    [Fact]
    public void On_equal_occupancy_and_idle_time_the_lowest_agent_id_is_chosen_whatever_the_order_given()
    {
        RoutingCandidate[] candidates = [Agent("agent-c"), Agent("agent-a"), Agent("agent-b")];

        Routing.ChooseAgent(Item(), candidates, NoneExcluded).ShouldBe("agent-a");
        Routing.ChooseAgent(Item(), candidates.Reverse(), NoneExcluded).ShouldBe("agent-a");
    }

    [Fact]
    public void Nobody_fits_gives_null()
    {
        var chosen = Routing.ChooseAgent(
            Item(skills: ["technical:2"]),
            [Agent("no-skill"), Agent("on-break", presence: AgentPresence.Break, skills: ["technical:3"]), Agent("full", freeCapacity: 0, skills: ["technical:3"])],
            NoneExcluded);

        chosen.ShouldBeNull();
    }

    [Fact]
    public void No_candidates_gives_null()
    {
        Routing.ChooseAgent(Item(isKeyAccount: true, manager: "kam"), [], NoneExcluded).ShouldBeNull();
    }
}
