using CallRecover.Compliance;
using CallRecover.Tenancy;

namespace CallRecover.Tests.Compliance;

public sealed class HelpReplyTests
{
    [Fact]
    public void TheHelpReply_GivesTheBusinessNumberAsPeopleWriteIt()
    {
        var business = new Business
        {
            Id = "b", Name = "Acme Heating", OwnerName = "Olive", OwnerEmail = "o@example.com", OwnerPhone = "+19045550100",
            BusinessPhone = "+19045550101", CarrierNumber = "+19045550102",
        };
        var help = ComplianceReplies.Help(business);
        help.ShouldContain("call us at (904) 555-0101");
        help.ShouldNotContain("+1904");
        help.ShouldContain("Reply STOP to opt out.");
    }
}
