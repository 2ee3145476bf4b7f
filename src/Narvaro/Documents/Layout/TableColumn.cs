namespace Narvaro.Documents.Layout;

/// <summary>A table column: its header and its share of the content width (shares are normalised).</summary>
public sealed record TableColumn(string Header, float Share, bool AlignRight = false, bool Centered = false);

/// <summary>One cell: text (wrapped within the column) or a check box.</summary>
public sealed record TableCell(string Text, bool IsCheckBox = false, bool Checked = false, bool Bold = false)
{
    public static implicit operator TableCell(string text) => new(text);
    public static TableCell Box(bool isChecked = false) => new("", IsCheckBox: true, Checked: isChecked);
}
