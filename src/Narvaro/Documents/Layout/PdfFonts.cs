using SkiaSharp;

namespace Narvaro.Documents.Layout;

/// <summary>
/// The typefaces every document uses, loaded once from the assembly's embedded TTF files (DejaVu Sans) so the
/// PDF does not depend on the fonts installed on the host.
/// </summary>
public static class PdfFonts
{
    private static readonly Lazy<SKTypeface> RegularFace = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> BoldFace = new(() => Load("DejaVuSans-Bold.ttf"));

    public static SKTypeface Regular => RegularFace.Value;
    public static SKTypeface Bold => BoldFace.Value;

    private static SKTypeface Load(string file)
    {
        var name = "Narvaro.Documents.Fonts." + file;
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource {name} is missing from the assembly.");
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException($"The font resource {name} could not be read.");
    }
}
