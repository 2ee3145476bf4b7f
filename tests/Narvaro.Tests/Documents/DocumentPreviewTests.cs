using Narvaro.Documents;

namespace Narvaro.Tests.Documents;

public class DocumentPreviewTests
{
    [Fact]
    public void Preview_WritesFiles()
    {
        var dir = "/tmp/narvaro-preview";
        Directory.CreateDirectory(dir);
        File.WriteAllBytes($"{dir}/b1-blank.pdf", ChecklistDocument.Render(new ChecklistModel(null, null, null, DocumentSamples.Created)));
        File.WriteAllBytes($"{dir}/b1.pdf", ChecklistDocument.Render(new ChecklistModel(DocumentSamples.Pupil, DocumentSamples.Figures, DocumentSamples.Pattern, DocumentSamples.Created)));
        File.WriteAllBytes($"{dir}/b2.pdf", SkolsocialKartlaggningDocument.Render(new KartlaggningModel(DocumentSamples.Pupil, DocumentSamples.Created)));
        File.WriteAllBytes($"{dir}/b3.pdf", AnalysDocument.Render(new AnalysModel(DocumentSamples.Pupil, DocumentSamples.Figures, DocumentSamples.Pattern, 3, DocumentSamples.Created)));
        Assert.True(File.Exists($"{dir}/b3.pdf"));
    }
}
