using System.Globalization;
using System.Text;
using SkiaSharp;

namespace Narvaro.Documents.Layout;

/// <summary>
/// The typefaces every document uses, loaded once from the assembly's embedded TTF files (DejaVu Sans) so the
/// PDF does not depend on the fonts installed on the host. Two subsets per style (see Fonts/README.md): the
/// primary one (Latin, Latin-1, Latin Extended-A) that every document embeds, and an extended superset (adding
/// Latin Extended-B and Extended Additional, combining marks, Greek, Cyrillic) that is embedded only in the
/// documents whose text needs it, so a form about "Åsa" stays as small and fast as before.
/// Letters neither subset has (e.g. Arabic, CJK) are printed as U+FFFD "�", never as silent blank boxes.
/// </summary>
public static class PdfFonts
{
    /// <summary>What is printed, once per user-perceived character, in place of one no font here has.</summary>
    public const char Replacement = '\uFFFD';

    private static readonly Lazy<Face> RegularFace = new(() => new Face(Load("DejaVuSans.ttf"), Load("DejaVuSans-Extended.ttf")));
    private static readonly Lazy<Face> BoldFace = new(() => new Face(Load("DejaVuSans-Bold.ttf"), Load("DejaVuSans-Bold-Extended.ttf")));

    public static SKTypeface Regular => RegularFace.Value.Primary;
    public static SKTypeface Bold => BoldFace.Value.Primary;
    public static SKTypeface RegularExtended => RegularFace.Value.Extended;
    public static SKTypeface BoldExtended => BoldFace.Value.Extended;

    /// <summary>
    /// The text as the documents print it: NFC, and each text element (a letter with its combining marks)
    /// that the fonts cannot draw replaced by <see cref="Replacement"/>.
    /// </summary>
    public static string Printable(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormC);
        if (RegularFace.Value.PrimaryCovers(normalized) && BoldFace.Value.PrimaryCovers(normalized)) return normalized;
        var builder = new StringBuilder(normalized.Length);
        var elements = StringInfo.GetTextElementEnumerator(normalized);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            builder.Append(CanPrint(element) ? element : Replacement.ToString());
        }
        return builder.ToString();
    }

    /// <summary>The distinct characters of <paramref name="text"/> (NFC) that the documents cannot print, in order.</summary>
    public static IReadOnlyList<Rune> Unprintable(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormC);
        var missing = new List<Rune>();
        foreach (var rune in normalized.EnumerateRunes())
            if (!IsControl(rune) && !(RegularFace.Value.ExtendedCovers(rune) && BoldFace.Value.ExtendedCovers(rune)) && !missing.Contains(rune))
                missing.Add(rune);
        return missing;
    }

    private static bool CanPrint(string element)
    {
        foreach (var rune in element.EnumerateRunes())
            if (!IsControl(rune) && !(RegularFace.Value.ExtendedCovers(rune) && BoldFace.Value.ExtendedCovers(rune)))
                return false;
        return true;
    }

    private static bool IsControl(Rune rune) => Rune.IsControl(rune);

    /// <summary>The primary typeface when it has every character of <paramref name="text"/>, otherwise the extended one.</summary>
    internal static SKTypeface For(bool bold, ReadOnlySpan<char> text)
    {
        var face = bold ? BoldFace.Value : RegularFace.Value;
        return face.PrimaryCovers(text) ? face.Primary : face.Extended;
    }

    private static SKTypeface Load(string file)
    {
        var name = "Narvaro.Documents.Fonts." + file;
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource {name} is missing from the assembly.");
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException($"The font resource {name} could not be read.");
    }

    /// <summary>One style's two subsets, with their coverage of the Basic Multilingual Plane looked up once.</summary>
    private sealed class Face
    {
        private readonly bool[] _primary;
        private readonly bool[] _extended;

        public Face(SKTypeface primary, SKTypeface extended)
        {
            Primary = primary;
            Extended = extended;
            _primary = Coverage(primary);
            _extended = Coverage(extended);
        }

        public SKTypeface Primary { get; }
        public SKTypeface Extended { get; }

        /// <summary>Control characters (e.g. the line breaks the layout splits on) count as covered: they are never drawn.</summary>
        public bool PrimaryCovers(ReadOnlySpan<char> text)
        {
            foreach (var c in text)
                if (!_primary[c] && !char.IsControl(c))
                    return false;
            return true;
        }

        public bool ExtendedCovers(Rune rune) => rune.IsBmp && _extended[rune.Value];

        private static bool[] Coverage(SKTypeface typeface)
        {
            var codepoints = new int[0x10000];
            for (var i = 0; i < codepoints.Length; i++) codepoints[i] = i;
            var glyphs = new ushort[codepoints.Length];
            using (var font = new SKFont(typeface))
                font.GetGlyphs(codepoints, glyphs);
            var covered = new bool[codepoints.Length];
            for (var i = 0; i < glyphs.Length; i++)
                covered[i] = glyphs[i] != 0 && !char.IsSurrogate((char)i);
            return covered;
        }
    }
}
