using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SecurityManagement.Tests.Support;

/// <summary>
/// Finds interface text that did not come through the resources on a page rendered in a language other
/// than English: any word of two or more Latin letters in the body's text or in the attributes people
/// read (labels, placeholders, titles, alternative text). Data is not interface text: elements marked
/// <c>translate="no"</c> (names, phones, flats, notes) are skipped, and so are the given data strings.
/// </summary>
public static partial class UntranslatedText
{
    private static readonly string[] ReadAttributes = ["aria-label", "placeholder", "title", "alt", "data-label"];
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "svg", "code", "template", "noscript" };

    public static IReadOnlyList<string> In(string html, params string[] data) =>
        In(new HtmlParser().ParseDocument(html).Body!, data);

    public static IReadOnlyList<string> In(INode root, params string[] data)
    {
        var found = new List<string>();
        Walk(root, data, found);
        return found;
    }

    private static void Walk(INode node, string[] data, List<string> found)
    {
        if (node is IElement element)
        {
            if (Skipped.Contains(element.LocalName) || element.GetAttribute("translate") == "no")
            {
                return;
            }

            foreach (var name in ReadAttributes)
            {
                Check(element.GetAttribute(name), $"<{element.LocalName} {name}>", data, found);
            }
        }
        else if (node.NodeType == NodeType.Text)
        {
            Check(node.TextContent, $"<{node.Parent?.NodeName.ToLowerInvariant()}>", data, found);
        }

        foreach (var child in node.ChildNodes)
        {
            Walk(child, data, found);
        }
    }

    private static void Check(string? text, string where, string[] data, List<string> found)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var rest = data.Where(d => d.Length > 0).Aggregate(text, (current, d) => current.Replace(d, " ", StringComparison.Ordinal));
        if (LatinWord().IsMatch(rest))
        {
            found.Add($"{where} {text.Trim()}");
        }
    }

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex LatinWord();
}
