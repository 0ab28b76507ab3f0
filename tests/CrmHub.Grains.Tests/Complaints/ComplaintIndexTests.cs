using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Events;
using CrmHub.Grains.Complaints;
using CrmHub.Grains.Population;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Complaints;

/// <summary>The complaint index (supervisors' lists, agents' statistics) and the customer's open complaints follow the complaint.</summary>
[Collection(MemoryCluster.Collection)]
public sealed class ComplaintIndexTests(MemoryCluster cluster)
{
    private static readonly ComplaintStep[] AllSteps = Enum.GetValues<ComplaintStep>();

    private Task<IReadOnlyList<ComplaintView>> Find(ComplaintFilter filter) =>
        cluster.Grains.FindComplaints(filter, new PopulationOptions().Buckets);

    [Fact]
    public async Task A_raised_complaint_is_listed_at_once_and_its_listing_follows_every_step()
    {
        var customer = new TestCustomer(cluster.Grains);
        var complaintId = Build.Key("C");
        var complaint = await customer.RaiseComplaint(complaintId, Build.At(1));
        var byCustomer = ComplaintFilter.All with { CustomerId = customer.Id };

        (await Find(byCustomer)).Select(view => (view.ComplaintId, view.Status)).ShouldBe([(complaintId, ComplaintStatus.Open)]);

        await complaint.TakeSteps(TestStaff.Agent1, ComplaintStep.Listen, ComplaintStep.Apologise);
        var listed = (await Find(byCustomer)).ShouldHaveSingleItem();
        listed.Status.ShouldBe(ComplaintStatus.InProgress);
        listed.OwnerAgentId.ShouldBe(TestStaff.Agent1);
        (await Find(byCustomer with { Statuses = [ComplaintStatus.Open] })).ShouldBeEmpty();
        (await Find(byCustomer with { OwnerAgentId = TestStaff.Agent1, Breached = false })).ShouldHaveSingleItem();
        (await Find(byCustomer with { Breached = true })).ShouldBeEmpty();
    }

    [Fact]
    public async Task Closing_a_complaint_takes_it_off_the_customer_s_open_complaints_and_raising_it_again_does_not_reopen_it()
    {
        var customer = new TestCustomer(cluster.Grains);
        var complaintId = Build.Key("C");
        var complaint = await customer.RaiseComplaint(complaintId, Build.At(1));
        (await customer.View()).OpenComplaints.Select(open => open.ComplaintId).ShouldBe([complaintId]);

        await complaint.TakeSteps(TestStaff.Agent1, AllSteps[..^1]);

        (await customer.View()).OpenComplaints.ShouldBeEmpty();
        (await Find(ComplaintFilter.All with { CustomerId = customer.Id })).ShouldHaveSingleItem().Status.ShouldBe(ComplaintStatus.Closed);

        (await customer.Apply(customer.Complaint(Build.At(9), complaintId))).ShouldBe([IngestStatus.Accepted]);
        (await customer.View()).OpenComplaints.ShouldBeEmpty("the same complaint raised again (a new event id) stays closed");
    }

    [Fact]
    public async Task Complaints_raised_at_the_same_moment_are_all_listed_even_after_the_index_reloads()
    {
        var buckets = new PopulationOptions().Buckets;
        var raised = Enumerable.Range(0, 40).Select(_ => (Customer: new TestCustomer(cluster.Grains), ComplaintId: Build.Key("C"))).ToList();
        var ids = raised.Select(complaint => complaint.ComplaintId).ToHashSet();

        await Task.WhenAll(raised.Select(complaint => complaint.Customer.RaiseComplaint(complaint.ComplaintId, Build.At(1))));
        await Eventually.True(async () => (await Find(ComplaintFilter.All)).Count(view => ids.Contains(view.ComplaintId)) == ids.Count, "every complaint is listed");
        foreach (var bucket in ids.Select(id => ComplaintIndex.BucketFor(id, buckets)).Distinct())
            await cluster.Deactivate(cluster.Grains.GetGrain<IComplaintIndexGrain>(bucket, ComplaintIndex.Name));

        (await Find(ComplaintFilter.All)).Where(view => ids.Contains(view.ComplaintId)).Select(view => view.ComplaintId).ShouldBe(ids, ignoreOrder: true);
    }
}
