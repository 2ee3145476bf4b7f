using Narvaro.Import;

namespace Narvaro.Tests.Import;

public class ImportErrorCollectorTests
{
    [Fact]
    public void Listed_MoreErrorsThanCap_KeepsLowestLinesInOrder()
    {
        var errors = new ImportErrorCollector();
        for (var line = 1000; line >= 2; line--)
            errors.Add(line, "fel");

        var listed = errors.Listed();

        Assert.Equal(999, errors.Count);
        Assert.Equal(ImportErrorCollector.MaxListed, listed.Count);
        Assert.Equal(Enumerable.Range(2, ImportErrorCollector.MaxListed), listed.Select(e => e.Line));
    }

    [Fact]
    public void ErrorMessages_MoreErrorsThanCap_EndsWithHowManyMore()
    {
        var errors = new ImportErrorCollector();
        for (var line = 2; line < 2 + ImportErrorCollector.MaxListed + 50; line++)
            errors.Add(line, "okänd typ \"x\".");

        var messages = ImportResult<PupilImportSummary>.Rejected(errors).ErrorMessages();

        Assert.Equal(ImportErrorCollector.MaxListed + 1, messages.Count);
        Assert.Equal("Rad 2: okänd typ \"x\".", messages[0]);
        Assert.Equal("… och 50 fel till", messages[^1]);
    }

    [Fact]
    public void Listed_SameLine_KeepsOrderFound()
    {
        var errors = new ImportErrorCollector();
        errors.Add(5, "första");
        errors.Add(3, "annan rad");
        errors.Add(5, "andra");

        Assert.Equal(["annan rad", "första", "andra"], errors.Listed().Select(e => e.Message));
    }
}
