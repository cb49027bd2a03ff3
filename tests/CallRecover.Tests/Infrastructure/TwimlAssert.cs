using System.Xml.Linq;

namespace CallRecover.Tests.Infrastructure;

/// <summary>
/// TwiML compared as the carrier reads it: the same elements in the same order, the same attributes in any order, the
/// same text (escaped or not, with or without the XML declaration).
/// </summary>
public static class TwimlAssert
{
    public static void ShouldBeTwiml(this string actual, string expected) => Canonical(actual).ShouldBe(Canonical(expected));

    private static string Canonical(string twiml) => Write(XDocument.Parse(twiml).Root!);

    private static string Write(XElement e) =>
        $"<{e.Name}{string.Concat(e.Attributes().OrderBy(a => a.Name.ToString(), StringComparer.Ordinal).Select(a => $" {a.Name}=[{a.Value}]"))}>"
        + string.Concat(e.Nodes().Select(n => n switch { XElement c => Write(c), XText t => t.Value, _ => "" }))
        + $"</{e.Name}>";
}
