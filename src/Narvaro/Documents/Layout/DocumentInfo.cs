namespace Narvaro.Documents.Layout;

/// <summary>
/// What a rendered document says about itself: the PDF metadata and the running header on every page.
/// <paramref name="Created"/> is passed in (never read from the clock here) so rendering is repeatable.
/// </summary>
public sealed record DocumentInfo(string Title, string Author, DateTime Created, string HeaderLeft, string HeaderRight);
